// In C++17 an annotated constexpr function is left alone, with a warning: a span is not a literal
// type there, and constant evaluation must keep working. static_assert and constant initializers
// still compile, and run-time calls make no span.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++17 -Wno-everything -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

MLFLOW_TRACE(TOOL) constexpr int square(int x) { return x * x; }
// expected-warning@-1 {{'square' is not traced: constexpr functions are traced only from C++20 on (-std=c++20), where constant evaluation of them keeps working [mlflow-trace]}}

struct Meters {
  double value;
  MLFLOW_TRACE(TOOL) constexpr double feet() const { return value * 3.28084; }
  // expected-warning@-1 {{'feet' is not traced: constexpr functions are traced only from C++20 on}}
};

static_assert(square(4) == 16, "constant evaluation still works");
constexpr int table = square(3);
static_assert(Meters{1.0}.feet() > 3.28, "members too");

MLFLOW_TRACE(TOOL) int runtime(int x) { return square(x) + table; }

int main(int argc, char**) {
  std::printf("%d\n", runtime(argc + 1));
  // OUT: 13
  // CHECK: tr-{{[0-9a-f]+}}  runtime  OK
  // CHECK-NEXT: runtime [TOOL] OK {{[0-9.]+}} ms  in: {"x":2}  out: 13{{$}}
  // CHECK-NOT: square
  // CHECK-NOT: tr-
}
