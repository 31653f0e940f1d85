// A consteval function runs only at compile time: an annotated one is left alone with a warning,
// and still works in constant expressions.
// RUN: %clangxx -std=c++20 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++20 -Wno-everything -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | count 0
#include <mlflow/trace.h>

#include <cstdio>

MLFLOW_TRACE(TOOL) consteval int cube(int x) { return x * x * x; }
// expected-warning@-1 {{'cube' is not traced: a consteval function runs only at compile time [mlflow-trace]}}

static_assert(cube(3) == 27);

int main() {
  std::printf("%d\n", cube(2));
  // OUT: 8
}
