// An annotated constexpr function (C++20) that returns a class prvalue: the constant evaluator
// knows no named return value optimization and evaluates `return __mlflow_result;` as a move, so
// there the plugin lets Sema build that return, which uses the move constructor. It does so only
// when using it cannot add a diagnostic: a move constructor (implicit or not) or a user-provided
// constructor. A class whose move would be its implicitly defined, deprecated copy constructor
// (a user-provided copy assignment) keeps its return as written, not recorded, with a warning;
// either way static_assert still holds and the program computes the same.
// RUN: %clangxx -std=c++20 -fsyntax-only -Wall -Wextra -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++20 -Wall -Wextra -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: rm -rf %t.traces
// RUN: %t.plain > %t.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.traced.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>

struct Point {
  int x, y;
};
void to_json(nlohmann::json& j, const Point& p) { j = {p.x, p.y}; }

struct Ref {
  int v;
  constexpr Ref(int value) : v(value) {}
  constexpr Ref& operator=(const Ref& other) {
    v = other.v;
    return *this;
  }
};
void to_json(nlohmann::json& j, const Ref& r) { j = r.v; }

MLFLOW_TRACE(TOOL) constexpr Point mirror(int x, int y) { return Point{y, x}; }

MLFLOW_TRACE(TOOL) constexpr Ref twice(int v) {
  return Ref{v * 2}; // expected-warning {{the return value of 'twice' is not recorded as its span's output: in a constexpr function, recording it would use a copy constructor the function does not use [mlflow-trace]}}
}

static_assert(mirror(1, 2).x == 2 && mirror(1, 2).y == 1);
static_assert(twice(4).v == 8);

int main(int argc, char**) {
  Point p = mirror(argc, 7);
  Ref r = twice(argc + 2);
  std::printf("%d %d %d\n", p.x, p.y, r.v);
  // OUT: 7 1 6
}
// CHECK: mirror [TOOL] OK {{.*}} in: {"x":1,"y":7}  out: [7,1]{{$}}
// CHECK: twice [TOOL] OK {{[0-9.]+}} ms  in: {"v":3}{{$}}
