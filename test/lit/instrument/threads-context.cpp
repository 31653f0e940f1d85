// A traced function called on another thread joins the caller's trace when the work carries the
// context (mlflow::bind_context): its span is a child of the span that started the thread, in the
// same trace. Without the context it is the root of a trace of its own.
// RUN: %clangxx -std=c++17 -pthread -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <thread>

MLFLOW_TRACE(TOOL) int work(int part) { return part * 100; }

MLFLOW_TRACE(CHAIN) int fan_out() {
  int a = 0, b = 0;
  std::thread first(mlflow::bind_context([&] { a = work(1); }));
  first.join();
  std::thread second(mlflow::bind_context([&] { b = work(2); }));
  second.join();
  return a + b;
}

MLFLOW_TRACE(CHAIN) int detached_context() {
  int c = 0;
  std::thread plain([&] { c = work(3); });
  plain.join();
  return c;
}

int main() {
  fan_out();
  // CHECK: tr-{{[0-9a-f]+}}  fan_out  OK
  // CHECK-NEXT: fan_out [CHAIN] OK {{[0-9.]+}} ms  in: {}  out: 300
  // CHECK-NEXT: ├─ work [TOOL] OK {{[0-9.]+}} ms  in: {"part":1}  out: 100
  // CHECK-NEXT: └─ work [TOOL] OK {{[0-9.]+}} ms  in: {"part":2}  out: 200
  detached_context();
  // CHECK: tr-{{[0-9a-f]+}}  work  OK
  // CHECK-NEXT: work [TOOL] OK {{[0-9.]+}} ms  in: {"part":3}  out: 300
  // CHECK: tr-{{[0-9a-f]+}}  detached_context  OK
  // CHECK-NEXT: detached_context [CHAIN] OK {{[0-9.]+}} ms  in: {}  out: 300
  // CHECK-NOT: tr-
}
