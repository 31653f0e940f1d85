// A traced function whose body holds C++23's `if consteval` (a statement without a condition,
// which Clang 19's exception analysis reads and crashed on) is instrumented, keeps its
// try/catch, and computes as without the plugin.
// RUN: %clangxx -std=c++23 %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++23 -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

MLFLOW_TRACE(TOOL)
int twice(int x) {
  if consteval {
    return x + x;
  } else {
    return 2 * x;
  }
}

int main(int argc, char**) { std::printf("%d\n", twice(argc + 1)); }
// CHECK: twice [TOOL] OK {{.*}} in: {"x":2}  out: 4
// REQUIRES: std-c++23
