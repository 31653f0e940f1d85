// Defaulted and deleted functions have no body to trace: annotated ones are left alone with a
// warning, and keep working (a defaulted special member stays trivial where it was).
// RUN: %clangxx -std=c++20 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++20 -Wno-everything -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | count 0
#include <mlflow/trace.h>

#include <compare>
#include <cstdio>
#include <type_traits>

struct Point {
  int x = 0, y = 0;
  MLFLOW_TRACE(TOOL) Point() = default;
  // expected-warning@-1 {{'Point' is not traced: a defaulted or deleted function has no body to trace [mlflow-trace]}}
  MLFLOW_TRACE(TOOL) Point(const Point&) = default;
  // expected-warning@-1 {{'Point' is not traced: a defaulted or deleted function has no body to trace [mlflow-trace]}}
  MLFLOW_TRACE(TOOL) bool operator==(const Point&) const = default;
  // expected-warning@-1 {{'operator==' is not traced: a defaulted or deleted function has no body to trace [mlflow-trace]}}
};

struct Later {
  MLFLOW_TRACE(TOOL) ~Later();
};
Later::~Later() = default;
// expected-warning@-1 {{'~Later' is not traced: a defaulted or deleted function has no body to trace [mlflow-trace]}}

MLFLOW_TRACE(TOOL) void removed(int) = delete;
// expected-warning@-1 {{'removed' is not traced: a defaulted or deleted function has no body to trace [mlflow-trace]}}

static_assert(std::is_trivially_copy_constructible_v<Point>);

int main() {
  Point a, b = a;
  Later later;
  std::printf("%d\n", a == b);
  // OUT: 1
}
