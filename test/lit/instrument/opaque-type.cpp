// A value of a type capture cannot describe (no to_json, not a container) is recorded by its type
// name, "<Type>" with its namespaces, in inputs and outputs; the code still compiles and runs.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>

struct Opaque {
  int secret = 1;
};

namespace app {
struct Widget {
  int size;
};
}  // namespace app

MLFLOW_TRACE(TOOL) app::Widget grow(const Opaque& o, app::Widget w) { return app::Widget{w.size + o.secret}; }

int main() {
  std::printf("size %d\n", grow(Opaque{}, app::Widget{4}).size);
  // OUT: size 5
  // CHECK: tr-{{[0-9a-f]+}}  grow  OK
  // CHECK-NEXT: grow [TOOL] OK {{[0-9.]+}} ms  in: {"o":"<Opaque>","w":"<app::Widget>"}  out: "<app::Widget>"
  // CHECK-NOT: tr-
}
