// A free function annotated [[mlflow::trace]]: each call is one span, named after the function,
// of the requested type, with the arguments by parameter name as inputs and the return value as
// output. The body is rewritten to open a FunctionSpan on entry (from a static constant that
// describes the function), record the arguments (under one test: is the span recording?), pass
// every returned value through record_return (`return local;` is recorded just before the
// unchanged return), and record an escaping exception before rethrowing it. (A body that cannot
// throw gets no try/catch: no-throw-body.cpp.)
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <string>

[[mlflow::trace(TOOL)]] std::string greet(const std::string& name, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += "hi " + name + ";";
  return out;
}
// AST-LABEL: std::string greet(const std::string &name, int times) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"greet", "TOOL", "greet", "greet", "{{.*}}free-function.cpp", 17U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "name", name);
// AST-NEXT:         record_arg(__mlflow_span, "times", times);
// AST-NEXT:     }
// AST-NEXT:     try {
// AST-NEXT:         std::string out;
// AST-NEXT:         for (int i = 0; i < times; ++i)
// AST-NEXT:             out += "hi " + name + ";";
// AST-NEXT:         {
// AST-NEXT:             record_return(__mlflow_span, out);
// AST-NEXT:             return out;
// AST-NEXT:         }
// AST-NEXT:     } catch (...) {
// AST-NEXT:         record_exception(__mlflow_span);
// AST-NEXT:         throw;
// AST-NEXT:     }
// AST-NEXT: }

namespace app {
MLFLOW_TRACE(CHAIN) double half(double x) {
  if (x < 0)
    return 0;
  return x / 2;
}
// AST-LABEL: double half(double x) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"half", "CHAIN", "half", "app::half", "{{.*}}free-function.cpp", 45U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "x", x);
// AST-NEXT:     }
// AST-NEXT:     {
// AST-NEXT:         if (x < 0)
// AST-NEXT:             return record_return(__mlflow_span, 0);
// AST-NEXT:         return record_return(__mlflow_span, x / 2);
// AST-NEXT:     }
// AST-NEXT: }
}  // namespace app

// Not annotated: left as written, and no span.
int untouched(int x) { return x + 1; }
// AST-LABEL: int untouched(int x) {
// AST-NEXT:     return x + 1;
// AST-NEXT: }

int main() {
  greet("ada", 2);
  // CHECK: tr-{{[0-9a-f]+}}  greet  OK
  // CHECK-NEXT: greet [TOOL] OK {{[0-9.]+}} ms  in: {"name":"ada","times":2}  out: "hi ada;hi ada;"
  app::half(-1);
  // CHECK: tr-{{[0-9a-f]+}}  half  OK
  // CHECK-NEXT: half [CHAIN] OK {{[0-9.]+}} ms  in: {"x":-1.0}  out: 0.0
  app::half(3);
  // CHECK: tr-{{[0-9a-f]+}}  half  OK
  // CHECK-NEXT: half [CHAIN] OK {{[0-9.]+}} ms  in: {"x":3.0}  out: 1.5
  untouched(1);
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes
