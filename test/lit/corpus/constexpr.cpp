// Corpus (issue 14): annotated constexpr functions, used in constant expressions (static_assert,
// a constexpr variable, an array bound, a template argument, a case label) and called at run
// time. From C++20 on they are traced and their constant evaluation is unchanged (in C++17 the
// plugin leaves them alone with a warning: instrument/constexpr-cxx17.cpp). In C++20 and C++23
// each builds without a new diagnostic and computes the same with and without the plugin; only
// the run-time calls are spans, including a constexpr member function and one using
// std::is_constant_evaluated() to take another path at run time.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t/20.plain
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t/20.traced
// RUN: %t/20.plain > %t/20.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/20.traces %t/20.traced > %t/20.traced.out
// RUN: diff %t/20.plain.out %t/20.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t/20.plain.out
// RUN: %mlflow_cpp show --no-color %t/20.traces | FileCheck %s
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t/23.plain
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t/23.traced
// RUN: %t/23.plain > %t/23.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/23.traces %t/23.traced > %t/23.traced.out
// RUN: diff %t/23.plain.out %t/23.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t/23.plain.out
// RUN: %mlflow_cpp show --no-color %t/23.traces | FileCheck %s
#include <mlflow/trace.h>

#include <array>
#include <cstdio>
#include <type_traits>

MLFLOW_TRACE(TOOL) constexpr int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }

MLFLOW_TRACE(TOOL) constexpr int where() {
  if (std::is_constant_evaluated())
    return 1;
  return 2;
}

struct Vec {
  int x, y;
  MLFLOW_TRACE(TOOL) constexpr int dot(const Vec& o) const { return x * o.x + y * o.y; }
};

template <int N>
int tagged() {
  return N;
}

static_assert(fact(5) == 120);
constexpr int kFour = fact(4);
static_assert(Vec{1, 2}.dot(Vec{3, 4}) == 11);
static_assert(where() == 1);

int classify(int n) {
  switch (n) {
    case fact(3):
      return 6;
    default:
      return 0;
  }
}

int main(int argc, char**) {
  std::array<int, fact(3)> arr{};
  std::printf("compile time %d %zu %d %d\n", kFour, arr.size(), tagged<fact(2)>(), classify(6));
  // OUT: compile time 24 6 2 6
  const int n = argc + 2;  // 3, not a constant
  std::printf("run time %d\n", fact(n));
  // OUT-NEXT: run time 6
  // CHECK: tr-{{[0-9a-f]+}}  fact  OK
  // CHECK-NEXT: fact [TOOL] OK {{[0-9.]+}} ms  in: {"n":3}  out: 6
  // CHECK-NEXT: └─ fact [TOOL] OK {{[0-9.]+}} ms  in: {"n":2}  out: 2
  // CHECK-NEXT:    └─ fact [TOOL] OK {{[0-9.]+}} ms  in: {"n":1}  out: 1
  Vec a{n, 1};
  std::printf("dot %d\n", a.dot(Vec{2, 5}));
  // OUT-NEXT: dot 11
  // CHECK: tr-{{[0-9a-f]+}}  dot  OK
  // CHECK-NEXT: dot [TOOL] OK {{[0-9.]+}} ms  in: {"o":"<Vec>"}  out: 11
  int w = where();
  std::printf("where %d\n", w);
  // OUT-NEXT: where 2
  // CHECK: tr-{{[0-9a-f]+}}  where  OK
  // CHECK-NEXT: where [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 2
  // CHECK-NOT: tr-
}
// REQUIRES: std-c++23
