// Unnamed parameters have no name to record them under: they are left out of the inputs, and the
// named ones are recorded. A function whose parameters are all unnamed has inputs {}.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

struct Tag {};

MLFLOW_TRACE(TOOL) int scale(int, int factor, Tag) { return factor * 2; }
MLFLOW_TRACE(TOOL) int constant(int, double) { return 7; }

int main() {
  scale(1, 3, Tag{});
  // CHECK: tr-{{[0-9a-f]+}}  scale  OK
  // CHECK-NEXT: scale [TOOL] OK {{[0-9.]+}} ms  in: {"factor":3}  out: 6
  constant(1, 2.0);
  // CHECK: tr-{{[0-9a-f]+}}  constant  OK
  // CHECK-NEXT: constant [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 7
  // CHECK-NOT: tr-
}
