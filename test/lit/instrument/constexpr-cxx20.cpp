// From C++20 on an annotated constexpr function is traced when it runs at run time, while
// constant evaluation keeps working: the span does nothing there, so static_assert and constant
// initializers still compile (and make no span).
// RUN: %clangxx -std=c++20 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++20 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// expected-no-diagnostics
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

MLFLOW_TRACE(TOOL) constexpr int square(int x) { return x * x; }

struct Meters {
  double value;
  MLFLOW_TRACE(PARSER) constexpr double feet() const { return value * 3; }
};

MLFLOW_TRACE(TOOL) constexpr std::size_t length(const char* text) {
  std::size_t n = 0;
  while (text[n] != '\0')
    ++n;
  if (n > 100)
    throw "too long";
  return n;
}

static_assert(square(4) == 16);
static_assert(Meters{2.0}.feet() == 6.0);
static_assert(length("abc") == 3);
constexpr int table = square(3);
constinit int initialized = square(5);

int main(int argc, char**) {
  std::printf("%d %d %d\n", table, initialized, square(argc + 1));
  // OUT: 9 25 4
  // CHECK: tr-{{[0-9a-f]+}}  square  OK
  // CHECK-NEXT: square [TOOL] OK {{[0-9.]+}} ms  in: {"x":2}  out: 4
  volatile double v = 1.5;
  std::printf("%.1f\n", Meters{v}.feet());
  // OUT-NEXT: 4.5
  // CHECK: tr-{{[0-9a-f]+}}  feet  OK
  // CHECK-NEXT: feet [PARSER] OK {{[0-9.]+}} ms  in: {}  out: 4.5
  std::string word = "runtime";
  std::printf("%zu\n", length(word.c_str()));
  // OUT-NEXT: 7
  // CHECK: tr-{{[0-9a-f]+}}  length  OK
  // CHECK-NEXT: length [TOOL] OK {{[0-9.]+}} ms  in: {"text":"runtime"}  out: 7
  // CHECK-NOT: tr-
}
