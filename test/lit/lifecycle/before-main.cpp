// Traced code may run before main, in a static initializer (the runtime starts on first use),
// and in an atexit handler the program registered: both traces are delivered.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <cstdlib>

MLFLOW_TRACE(TOOL) int load_config(int version) { return version * 10; }
MLFLOW_TRACE(TASK) void on_exit_report() { std::puts("report at exit"); }

static const int config = load_config(4);

int main() {
  std::atexit(&on_exit_report);
  std::printf("config %d\n", config);
  // OUT: config 40
  // OUT-NEXT: report at exit
}
// CHECK-DAG: load_config [TOOL] OK {{.*}} in: {"version":4}  out: 40
// CHECK-DAG: on_exit_report [TASK] OK
