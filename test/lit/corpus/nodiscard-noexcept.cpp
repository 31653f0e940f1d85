// Corpus (issue 14): the attribute next to other attributes and exception specifications.
// [[nodiscard]] before or after the annotation, both in one attribute list, and a [[nodiscard]]
// class type returned; noexcept, conditional noexcept(noexcept(...)) in a template, and a
// noexcept member. Tracing changes neither: noexcept(...) of each call is what it was (checked
// with static_assert in both builds), discarding a [[nodiscard]] result still warns, and nothing
// else is diagnosed; the program computes the same with and without the plugin, every call a
// span.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// The [[nodiscard]] warnings are the same with and without the plugin:
// RUN: %clangxx -std=c++17 -Wall -Wextra -pedantic -fsyntax-only -DDISCARD %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++17 -Wall -Wextra -pedantic -fsyntax-only -DDISCARD -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

#ifdef MLFLOW_CPP_PLUGIN_ACTIVE
#define NODISCARD_AND_TRACED [[nodiscard, mlflow::trace(TOOL)]]
#else
#define NODISCARD_AND_TRACED [[nodiscard]]
#endif

[[nodiscard]] MLFLOW_TRACE(TOOL) int first(int x) { return x + 1; }
MLFLOW_TRACE(TOOL) [[nodiscard]] int second(int x) { return x + 2; }
NODISCARD_AND_TRACED int third(int x) { return x + 3; }

struct [[nodiscard]] Status {
  int code;
};
MLFLOW_TRACE(TOOL) Status check(int x) { return Status{x % 2}; }

MLFLOW_TRACE(TOOL) int safe(int x) noexcept { return x * 2; }
MLFLOW_TRACE(TOOL) int unsafe(const std::string& s) { return static_cast<int>(s.size()); }

template <class T>
MLFLOW_TRACE(TASK) int forward_to(const T& value) noexcept(noexcept(safe(value))) {
  return safe(value) + 1;
}

struct Meter {
  int reading = 7;
  MLFLOW_TRACE(MEMORY) int read() const noexcept { return reading; }
};

static_assert(noexcept(safe(1)), "noexcept stays");
static_assert(!noexcept(unsafe("")), "not noexcept stays");
static_assert(noexcept(forward_to(1)), "conditional noexcept evaluates as before");
static_assert(noexcept(Meter().read()), "noexcept member stays");

#ifdef DISCARD
void discard() {
  first(1);   // expected-warning {{ignoring return value of function declared with 'nodiscard' attribute}}
  second(1);  // expected-warning {{ignoring return value of function declared with 'nodiscard' attribute}}
  third(1);   // expected-warning {{ignoring return value of function declared with 'nodiscard' attribute}}
  check(1);   // expected-warning {{ignoring return value of function declared with 'nodiscard' attribute}}
}
#endif

int main() {
  std::printf("%d %d %d\n", first(0), second(0), third(0));
  // OUT: 1 2 3
  // CHECK-DAG: first [TOOL] OK {{[0-9.]+}} ms  in: {"x":0}  out: 1
  // CHECK-DAG: second [TOOL] OK {{[0-9.]+}} ms  in: {"x":0}  out: 2
  // CHECK-DAG: third [TOOL] OK {{[0-9.]+}} ms  in: {"x":0}  out: 3
  Status st = check(3);
  std::printf("status %d\n", st.code);
  // OUT-NEXT: status 1
  // CHECK: tr-{{[0-9a-f]+}}  check  OK
  // CHECK-NEXT: check [TOOL] OK {{[0-9.]+}} ms  in: {"x":3}  out: "<Status>"
  std::printf("forward_to %d\n", forward_to(4));
  // OUT-NEXT: forward_to 9
  // CHECK: tr-{{[0-9a-f]+}}  forward_to<int>  OK
  // CHECK-NEXT: forward_to<int> [TASK] OK {{[0-9.]+}} ms  in: {"value":4}  out: 9
  // CHECK-NEXT: └─ safe [TOOL] OK {{[0-9.]+}} ms  in: {"x":4}  out: 8
  std::printf("unsafe %d read %d\n", unsafe("abc"), Meter().read());
  // OUT-NEXT: unsafe 3 read 7
  // CHECK-DAG: unsafe [TOOL] OK {{[0-9.]+}} ms  in: {"s":"abc"}  out: 3
  // CHECK-DAG: read [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: 7
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes
