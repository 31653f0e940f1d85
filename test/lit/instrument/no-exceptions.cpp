// With -fno-exceptions there is nothing to catch: no try/catch is inserted, and the function is
// still traced (span, inputs, output).
// RUN: %clangxx -std=c++17 -fno-exceptions -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fno-exceptions -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

MLFLOW_TRACE(TOOL) int clamp(int x, int hi) {
  if (x > hi)
    return hi;
  return x;
}
// AST-LABEL: int clamp(int x, int hi) {
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span("clamp", "TOOL", "clamp", "clamp", "{{.*}}no-exceptions.cpp", 10U, true);
// AST-NEXT:     record_arg(__mlflow_span, "x", x);
// AST-NEXT:     record_arg(__mlflow_span, "hi", hi);
// AST-NEXT:     {
// AST-NEXT:         if (x > hi) {
// AST-NEXT:             record_return(__mlflow_span, hi);
// AST-NEXT:             return hi;
// AST-NEXT:         }
// AST-NEXT:         {
// AST-NEXT:             record_return(__mlflow_span, x);
// AST-NEXT:             return x;
// AST-NEXT:         }
// AST-NEXT:     }
// AST-NEXT: }
// AST-NOT: try
// AST-NOT: catch

int main() {
  clamp(9, 4);
  // CHECK: tr-{{[0-9a-f]+}}  clamp  OK
  // CHECK-NEXT: clamp [TOOL] OK {{[0-9.]+}} ms  in: {"x":9,"hi":4}  out: 4
  // CHECK-NOT: tr-
}
