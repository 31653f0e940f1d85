// A void function records no output (no mlflow.spanOutputs attribute at all), and a function
// without parameters records its inputs as {} (as MLflow's decorator does). `return;` is left
// as written.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes'].get('mlflow.spanInputs'), 'output' if 'mlflow.spanOutputs' in s['attributes'] else 'no-output') \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

static int counter = 0;

MLFLOW_TRACE(TASK) void tick() { ++counter; }

MLFLOW_TRACE(TASK) void add(int n) {
  if (n < 0)
    return;
  counter += n;
}
// AST-LABEL: void add(int n) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"add", "TASK", "add", "add", "{{.*}}void-function.cpp", 20U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "n", n);
// AST-NEXT:     }
// AST-NEXT:     {
// AST-NEXT:         if (n < 0)
// AST-NEXT:             return;
// AST-NEXT:         counter += n;
// AST-NEXT:     }
// AST-NEXT: }

MLFLOW_TRACE(TASK) void report() { std::printf("counter %d\n", counter); }

int main() {
  tick();
  // CHECK: tick {} no-output
  add(-1);
  // CHECK-NEXT: add {"n": -1} no-output
  add(5);
  // CHECK-NEXT: add {"n": 5} no-output
  report();
  // CHECK-NEXT: report {} no-output
  // CHECK-NOT: {{.}}
}
