// A function whose body is a function-try-block is left alone, with a warning; it compiles and
// runs as written, handler included.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++17 -Wno-everything -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | count 0
#include <mlflow/trace.h>

#include <cstdio>
#include <stdexcept>

MLFLOW_TRACE(TOOL) int guarded(int x) try {
  // expected-warning@-1 {{'guarded' is not traced: function-try-blocks are not supported [mlflow-trace]}}
  if (x < 0)
    throw std::runtime_error("negative");
  return x;
} catch (const std::exception& e) {
  std::printf("handled %s\n", e.what());
  return -1;
}

struct Conn {
  int fd;
  MLFLOW_TRACE(TOOL) explicit Conn(int f) try : fd(f) {
    // expected-warning@-1 {{'Conn' is not traced: function-try-blocks are not supported [mlflow-trace]}}
  } catch (...) {
  }
};

int main() {
  std::printf("%d %d %d\n", guarded(3), guarded(-3), Conn(5).fd);
  // OUT: handled negative
  // OUT-NEXT: 3 -1 5
}
