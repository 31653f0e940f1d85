// Recursion gives nested spans: each call is a child of the call that made it.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

MLFLOW_TRACE(CHAIN) unsigned long factorial(unsigned n) {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

int main() {
  factorial(4);
  // CHECK: tr-{{[0-9a-f]+}}  factorial  OK
  // CHECK-NEXT: factorial [CHAIN] OK {{[0-9.]+}} ms  in: {"n":4}  out: 24
  // CHECK-NEXT: └─ factorial [CHAIN] OK {{[0-9.]+}} ms  in: {"n":3}  out: 6
  // CHECK-NEXT: └─ factorial [CHAIN] OK {{[0-9.]+}} ms  in: {"n":2}  out: 2
  // CHECK-NEXT: └─ factorial [CHAIN] OK {{[0-9.]+}} ms  in: {"n":1}  out: 1
  // CHECK-NOT: tr-
}
