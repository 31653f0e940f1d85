// A generic lambda (auto parameters) is traced in each specialization of its call operator, all
// under the one name of the lambda.
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <string>

auto join = [] MLFLOW_TRACE(TOOL) (const auto& a, const auto& b) { return a + b; };

int main() {
  join(1, 2);
  // CHECK: tr-{{[0-9a-f]+}}  lambda@generic-lambda.cpp:10  OK
  // CHECK-NEXT: lambda@generic-lambda.cpp:10 [TOOL] OK {{[0-9.]+}} ms  in: {"a":1,"b":2}  out: 3
  join(std::string("x"), std::string("y"));
  // CHECK: tr-{{[0-9a-f]+}}  lambda@generic-lambda.cpp:10  OK
  // CHECK-NEXT: lambda@generic-lambda.cpp:10 [TOOL] OK {{[0-9.]+}} ms  in: {"a":"x","b":"y"}  out: "xy"
  auto local = [] MLFLOW_TRACE(CHAIN, "scale") (auto x, auto factor) { return x * factor; };
  local(2.5, 2);
  // CHECK: tr-{{[0-9a-f]+}}  scale  OK
  // CHECK-NEXT: scale [CHAIN] OK {{[0-9.]+}} ms  in: {"x":2.5,"factor":2}  out: 5.0
  local(3, 3);
  // CHECK: tr-{{[0-9a-f]+}}  scale  OK
  // CHECK-NEXT: scale [CHAIN] OK {{[0-9.]+}} ms  in: {"x":3,"factor":3}  out: 9
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes, std-c++23
