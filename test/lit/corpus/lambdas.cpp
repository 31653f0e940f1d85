// Corpus (issue 14): annotated lambdas, in C++23 where an attribute after the lambda introducer is
// standard (before C++23 clang warns -Wc++23-lambda-attributes about that position, with or
// without -pedantic; a warning only the plugin build can get, since the macro is empty without
// it: docs/annotating.md). A lambda capturing by reference and changing what it captured, a
// mutable lambda keeping state between calls, a generic lambda, one returning a reference, one
// with an explicit object parameter (`this auto self`, recursion through it), and one called
// immediately: each builds without a new diagnostic, computes the same with and without the
// plugin, and is traced as lambda@file:line. (Returning a capture by name, and returning a class
// type from an implicitly constexpr lambda, are bugs: lambda-return-captured.cpp and
// lambda-implicitly-constexpr.cpp.)
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>
#include <vector>

int main() {
  int total = 0;
  auto add = [&total] MLFLOW_TRACE(TOOL) (int x) { total += x; return total * 1; };
  add(2);
  add(3);
  std::printf("total %d\n", total);
  // OUT: total 5
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-5]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-6]] [TOOL] OK {{[0-9.]+}} ms  in: {"x":2}  out: 2
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-7]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-8]] [TOOL] OK {{[0-9.]+}} ms  in: {"x":3}  out: 5

  auto counter = [n = 0] MLFLOW_TRACE(MEMORY) () mutable { return ++n; };
  counter();
  std::printf("counter %d\n", counter());
  // OUT-NEXT: counter 2
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-4]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-5]] [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: 1
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-6]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-7]] [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: 2

  auto twice = [] MLFLOW_TRACE(TOOL) (const auto& v) { return v + v; };
  std::printf("twice %d\n", twice(4));
  // OUT-NEXT: twice 8
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-3]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-4]] [TOOL] OK {{[0-9.]+}} ms  in: {"v":4}  out: 8
  std::printf("twice %.1f\n", twice(1.25));
  // OUT-NEXT: twice 2.5
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-7]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-8]] [TOOL] OK {{[0-9.]+}} ms  in: {"v":1.25}  out: 2.5

  std::vector<int> v = {1, 2, 3};
  auto last = [] MLFLOW_TRACE(MEMORY) (std::vector<int>& xs) -> int& { return xs.back(); };
  int& ref = last(v);
  ref = 30;
  std::printf("last same object %d, v[2] %d\n", &ref == &v[2], v[2]);
  // OUT-NEXT: last same object 1, v[2] 30
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-5]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-6]] [MEMORY] OK {{[0-9.]+}} ms  in: {"xs":[1,2,3]}  out: 3

  auto fact = [] MLFLOW_TRACE(TOOL) (this auto self, int n) -> int { return n <= 1 ? 1 : n * self(n - 1); };
  std::printf("fact %d\n", fact(3));
  // OUT-NEXT: fact 6
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-3]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-4]] [TOOL] OK {{[0-9.]+}} ms  in: {"n":3}  out: 6
  // CHECK-NEXT: └─ lambda@lambdas.cpp:[[#@LINE-5]] [TOOL] OK {{[0-9.]+}} ms  in: {"n":2}  out: 2
  // CHECK-NEXT:    └─ lambda@lambdas.cpp:[[#@LINE-6]] [TOOL] OK {{[0-9.]+}} ms  in: {"n":1}  out: 1

  const int squared = [] MLFLOW_TRACE(TASK) (int x) { return x * x; }(total + 4);
  std::printf("squared %d\n", squared);
  // OUT-NEXT: squared 81
  // CHECK: tr-{{[0-9a-f]+}}  lambda@lambdas.cpp:[[#@LINE-3]]  OK
  // CHECK-NEXT: lambda@lambdas.cpp:[[#@LINE-4]] [TASK] OK {{[0-9.]+}} ms  in: {"x":9}  out: 81
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes, std-c++23
