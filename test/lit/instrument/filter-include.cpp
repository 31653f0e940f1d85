// -fplugin-arg-mlflow-include=<regex> traces, without annotations, every function defined outside
// system headers whose qualified name matches, as span type UNKNOWN; the runtime's hooks are
// included for the TU. Lambdas and constexpr functions are not selected by a filter (silently),
// nor are functions that do not match.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++20 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++23 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: %rtinc -Xclang -verify %s
// In every standard the filter selects the same functions, never the constexpr one (an
// annotation traces constexpr functions from C++20 on; a filter does not):
// RUN: %clangxx -std=c++20 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: -fplugin-arg-mlflow-debug %rtinc %s 2>&1 | FileCheck %s --check-prefix=SELECTED
// RUN: %clangxx -std=c++23 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: -fplugin-arg-mlflow-debug %rtinc %s 2>&1 | FileCheck %s --check-prefix=SELECTED
// SELECTED-NOT: twice
// SELECTED-DAG: mlflow plugin: traced app::word (UNKNOWN)
// SELECTED-DAG: mlflow plugin: traced app::Greeter::greet (UNKNOWN)
// SELECTED-NOT: twice
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// expected-no-diagnostics
#include <cstdio>
#include <string>

namespace app {
std::string word(int n) { return std::string(static_cast<std::size_t>(n), 'x'); }

constexpr int twice(int x) { return 2 * x; }
static_assert(twice(2) == 4, "constexpr untouched");

struct Greeter {
  std::string greet(const std::string& who) const {
    auto shout = [](std::string s) { return s + "!"; };
    return shout("hi " + who + word(twice(1)));
  }
};
}  // namespace app

int helper(int x) { return x + 1; }

int main() {
  std::printf("%s %d\n", app::Greeter().greet("bo").c_str(), helper(1));
  // OUT: hi boxx! 2
  // CHECK: tr-{{[0-9a-f]+}}  greet  OK
  // CHECK-NEXT: greet [UNKNOWN] OK {{[0-9.]+}} ms  in: {"who":"bo"}  out: "hi boxx!"
  // CHECK-NEXT: └─ word [UNKNOWN] OK {{[0-9.]+}} ms  in: {"n":2}  out: "xx"
  // CHECK-NOT: tr-
}
// REQUIRES: std-c++23
