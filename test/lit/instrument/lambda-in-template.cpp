// An annotated lambda inside a function template is traced in each instantiation of the template,
// whether or not the template is traced itself.
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <string>
#include <vector>

template <class T>
T sum_all(const std::vector<T>& values) {
  auto add = [] MLFLOW_TRACE(TOOL, "add") (const T& a, const T& b) { return a + b; };
  T total{};
  for (const T& value : values)
    total = add(total, value);
  return total;
}

template <class T>
MLFLOW_TRACE(CHAIN) T first_doubled(const std::vector<T>& values) {
  auto twice = [] MLFLOW_TRACE(TASK, "twice") (const T& x) { return x + x; };
  return twice(values.front());
}

int main() {
  sum_all(std::vector<int>{1, 2});
  // CHECK: tr-{{[0-9a-f]+}}  add  OK
  // CHECK-NEXT: add [TOOL] OK {{[0-9.]+}} ms  in: {"a":0,"b":1}  out: 1
  // CHECK: tr-{{[0-9a-f]+}}  add  OK
  // CHECK-NEXT: add [TOOL] OK {{[0-9.]+}} ms  in: {"a":1,"b":2}  out: 3
  sum_all(std::vector<std::string>{"p"});
  // CHECK: tr-{{[0-9a-f]+}}  add  OK
  // CHECK-NEXT: add [TOOL] OK {{[0-9.]+}} ms  in: {"a":"","b":"p"}  out: "p"
  first_doubled(std::vector<int>{4});
  // CHECK: tr-{{[0-9a-f]+}}  first_doubled<int>  OK
  // CHECK-NEXT: first_doubled<int> [CHAIN] OK {{[0-9.]+}} ms  in: {"values":[4]}  out: 8
  // CHECK-NEXT: └─ twice [TASK] OK {{[0-9.]+}} ms  in: {"x":4}  out: 8
  first_doubled(std::vector<std::string>{"ab"});
  // CHECK: tr-{{[0-9a-f]+}}  first_doubled<std::basic_string<char>>  OK
  // CHECK-NEXT: first_doubled<std::basic_string<char>> [CHAIN] OK {{[0-9.]+}} ms  in: {"values":["ab"]}  out: "abab"
  // CHECK-NEXT: └─ twice [TASK] OK {{[0-9.]+}} ms  in: {"x":"ab"}  out: "abab"
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes, std-c++23
