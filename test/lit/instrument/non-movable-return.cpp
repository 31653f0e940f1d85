// A return type that can be neither moved nor copied (returned by guaranteed elision) cannot go
// through record_return: the return is left as written, with a warning that the output is not
// recorded, and the function is still traced (span and inputs, no output).
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++17 -Wno-everything -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <mutex>

struct Guarded {
  explicit Guarded(int v) : value(v) {}
  Guarded(const Guarded&) = delete;
  Guarded(Guarded&&) = delete;
  int value;
  std::mutex lock;
};

MLFLOW_TRACE(TOOL) Guarded make(int v) {
  if (v < 0)
    return Guarded(0); // expected-warning {{the return value of 'make' is not recorded as its span's output: its type can be neither moved nor copied [mlflow-trace]}}
  return Guarded(v); // expected-warning {{the return value of 'make' is not recorded as its span's output}}
}

int main() {
  Guarded g = make(12);
  std::printf("value %d\n", g.value);
  // OUT: value 12
  // CHECK: tr-{{[0-9a-f]+}}  make  OK
  // CHECK-NEXT: make [TOOL] OK {{[0-9.]+}} ms  in: {"v":12}{{$}}
  // CHECK-NOT: tr-
}
