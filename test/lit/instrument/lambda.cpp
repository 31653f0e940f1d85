// An annotated lambda is traced; its span is named after where it is written
// (lambda@<file>:<line>). Captured variables are not inputs, the parameters are. A lambda
// without the annotation is not traced, even inside a traced function.
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

auto doubler = [] MLFLOW_TRACE(TOOL) (int x) { return x * 2; };
// CHECK: tr-{{[0-9a-f]+}}  lambda@lambda.cpp:[[@LINE-1]]  OK
// CHECK-NEXT: lambda@lambda.cpp:[[@LINE-2]] [TOOL] OK {{[0-9.]+}} ms  in: {"x":4}  out: 8

MLFLOW_TRACE(CHAIN) int pipeline(int base) {
  auto add = [base] [[mlflow::trace(TASK, "add_base")]] (int x) { return base + x; };
  auto plain = [](int x) { return x + 1; };
  return add(plain(base));
}
// CHECK: tr-{{[0-9a-f]+}}  pipeline  OK
// CHECK-NEXT: pipeline [CHAIN] OK {{[0-9.]+}} ms  in: {"base":10}  out: 21
// CHECK-NEXT: └─ add_base [TASK] OK {{[0-9.]+}} ms  in: {"x":11}  out: 21

int main() {
  doubler(4);
  pipeline(10);
  auto local = [] MLFLOW_TRACE(PARSER) (const char* text) { return text[0] == 'y'; };
  local("yes");
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambda.cpp:[[@LINE-2]]  OK
  // CHECK-NEXT: lambda@lambda.cpp:[[@LINE-3]] [PARSER] OK {{[0-9.]+}} ms  in: {"text":"yes"}  out: true
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes, std-c++23
