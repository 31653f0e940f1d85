// Each span carries mlflow.spanFunctionName (the function's name, as MLflow's decorator records
// fn.__name__: also when the span is given another name), OpenTelemetry's
// code.function.name (the qualified name, template arguments included), code.file.path (the file
// as compiled) and code.line.number (the function's line), and its span type.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], *['%%s=%%s' %% (k, s['attributes'][k]) for k in \
// RUN:          ('mlflow.spanType', 'mlflow.spanFunctionName', 'code.function.name', 'code.file.path', 'code.line.number')]) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s -DFILE=%s
#include <mlflow/trace.h>

namespace app {
namespace tools {
MLFLOW_TRACE(TOOL) int search(int k) { return k; }

struct Index {
  MLFLOW_TRACE(RETRIEVER, "lookup_docs") int lookup(int k) const { return search(k) + 1; }
};

template <class T>
MLFLOW_TRACE() T id(T v) {
  return v;
}
}  // namespace tools
}  // namespace app

int main() {
  app::tools::Index().lookup(1);
  // CHECK: lookup_docs mlflow.spanType="RETRIEVER" mlflow.spanFunctionName="lookup" code.function.name="app::tools::Index::lookup" code.file.path="[[FILE]]" code.line.number=19{{$}}
  // CHECK-NEXT: search mlflow.spanType="TOOL" mlflow.spanFunctionName="search" code.function.name="app::tools::search" code.file.path="[[FILE]]" code.line.number=16{{$}}
  app::tools::id(2L);
  // CHECK-NEXT: id<long> mlflow.spanType="UNKNOWN" mlflow.spanFunctionName="id<long>" code.function.name="app::tools::id<long>" code.file.path="[[FILE]]" code.line.number=23{{$}}
}
