// With -fno-exceptions there is nothing to catch: no try/catch is inserted, even around a body
// that calls functions which are not noexcept, and the function is still traced (span, inputs,
// output).
// RUN: %clangxx -std=c++17 -fno-exceptions -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fno-exceptions -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

int limit(int x) { return x < 0 ? 0 : x; }  // not noexcept: with exceptions, could throw

MLFLOW_TRACE(TOOL) int clamp(int x, int hi) {
  if (x > hi)
    return hi;
  return limit(x);
}
// AST-LABEL: int clamp(int x, int hi) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"clamp", "TOOL", "clamp", "clamp", "{{.*}}no-exceptions.cpp", 13U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "x", x);
// AST-NEXT:         record_arg(__mlflow_span, "hi", hi);
// AST-NEXT:     }
// AST-NEXT:     {
// AST-NEXT:         if (x > hi) {
// AST-NEXT:             record_return(__mlflow_span, hi);
// AST-NEXT:             return hi;
// AST-NEXT:         }
// AST-NEXT:         return record_return(__mlflow_span, limit(x));
// AST-NEXT:     }
// AST-NEXT: }
// AST-NOT: try
// AST-NOT: catch
// AST: int main() {

int main() {
  clamp(9, 4);
  // CHECK: tr-{{[0-9a-f]+}}  clamp  OK
  // CHECK-NEXT: clamp [TOOL] OK {{[0-9.]+}} ms  in: {"x":9,"hi":4}  out: 4
  // CHECK-NOT: tr-
}
