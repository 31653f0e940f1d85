// Traced code after mlflow::tracing::flush() is traced as before, and so is traced code in the
// program's own destructor functions ([[gnu::destructor]], run at exit before the runtime's
// final flush, which its library registered before the program's were). Nothing is reported.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.out
// RUN: count 0 < %t.err
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

MLFLOW_TRACE(TOOL) int step(int x) { return x + 1; }

[[gnu::destructor]] void very_late() { std::printf("very late %d\n", step(100)); }

int main() {
  step(1);
  mlflow::tracing::flush();
  std::printf("after flush %d\n", step(2));
}
// OUT: after flush 3
// OUT-NEXT: very late 101
// CHECK: step [TOOL] OK {{.*}} in: {"x":1}  out: 2
// CHECK: step [TOOL] OK {{.*}} in: {"x":2}  out: 3
// CHECK: step [TOOL] OK {{.*}} in: {"x":100}  out: 101
