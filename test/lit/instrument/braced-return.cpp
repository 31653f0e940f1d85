// `return {...};` (copy-list-initialization of the result) compiles and is traced like any other
// return: the braced list initializes the returned object, whose value is the output. This holds
// for aggregates, classes with constructors, containers and scalars, and for `return {};`.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// expected-no-diagnostics
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

struct Point {
  int x, y;
};
void to_json(nlohmann::json& j, const Point& p) { j = {{"x", p.x}, {"y", p.y}}; }

MLFLOW_TRACE(TOOL) Point shift(Point p, int dx) { return {p.x + dx, p.y}; }
MLFLOW_TRACE(TOOL) std::vector<int> range3(int from) { return {from, from + 1, from + 2}; }
MLFLOW_TRACE(TOOL) std::pair<std::string, int> entry(int n) { return {"n", n}; }
MLFLOW_TRACE(TOOL) std::string empty() { return {}; }
MLFLOW_TRACE(TOOL) int zero() { return {}; }

int main() {
  Point p = shift({1, 2}, 10);
  std::printf("%d %d\n", p.x, p.y);
  // OUT: 11 2
  // CHECK: shift [TOOL] OK {{[0-9.]+}} ms  in: {"p":{"x":1,"y":2},"dx":10}  out: {"x":11,"y":2}
  std::printf("%zu\n", range3(5).size());
  // OUT-NEXT: 3
  // CHECK: range3 [TOOL] OK {{[0-9.]+}} ms  in: {"from":5}  out: [5,6,7]
  std::printf("%s=%d\n", entry(4).first.c_str(), entry(4).second);
  // OUT-NEXT: n=4
  // CHECK: entry [TOOL] OK {{[0-9.]+}} ms  in: {"n":4}  out: ["n",4]
  // CHECK: entry [TOOL] OK {{[0-9.]+}} ms  in: {"n":4}  out: ["n",4]
  std::printf("[%s] %d\n", empty().c_str(), zero());
  // OUT-NEXT: [] 0
  // CHECK: {{empty|zero}} [TOOL] OK
  // CHECK: {{empty|zero}} [TOOL] OK
  // CHECK-NOT: tr-
}
