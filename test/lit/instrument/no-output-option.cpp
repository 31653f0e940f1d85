// MLFLOW_TRACE(TYPE, no_output) traces the function without recording its return value: the
// returns are left as written, inputs are still recorded, and the caller gets the same value.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes'].get('mlflow.spanInputs'), s['attributes'].get('mlflow.spanOutputs', 'no-output')) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

MLFLOW_TRACE(RETRIEVER, no_output) std::string load_secret(int id) {
  if (id == 0)
    return "none";
  return "secret-" + std::to_string(id);
}
// AST-LABEL: std::string load_secret(int id) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"load_secret", "RETRIEVER", "load_secret", "load_secret", "{{.*}}no-output-option.cpp", 16U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "id", id);
// AST-NEXT:     }
// AST-NEXT:     try {
// AST-NEXT:         if (id == 0)
// AST-NEXT:             return "none";
// AST-NEXT:         return "secret-" + std::to_string(id);
// AST-NEXT:     } catch (...) {

[[mlflow::trace(TOOL, "named", no_output)]] int named(int x) { return x + 1; }

int main() {
  std::printf("%s\n", load_secret(7).c_str());
  // OUT: secret-7
  // Its argument is masked too: a function named like a secret has every argument masked
  // (docs/capture.md, "Secrets").
  // CHECK: load_secret {"id": "***"} no-output
  std::printf("%s\n", load_secret(0).c_str());
  // OUT-NEXT: none
  // CHECK-NEXT: load_secret {"id": "***"} no-output
  std::printf("%d\n", named(1));
  // OUT-NEXT: 2
  // CHECK-NEXT: named {"x": 1} no-output
  // CHECK-NOT: {{.}}
}
// REQUIRES: scoped-plugin-attributes
