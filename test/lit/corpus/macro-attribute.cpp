// Corpus (issue 14): the attribute written through the user's own macros. A macro naming the
// attribute, the attribute inside a macro that generates a whole function definition (one
// function per expansion), and a function-like macro wrapping an annotated definition all build
// without a new diagnostic (-Wall -Wextra -Werror -pedantic), compute the same with and without
// the plugin, and are traced under the expanded function's name with its parameters' names.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

// A project's own spelling of the annotation (empty without the plugin, through MLFLOW_TRACE).
#define TRACED MLFLOW_TRACE(TOOL)
// The raw attribute behind a feature test, as a project without mlflow's header would write it.
#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(mlflow::trace)
#define RAW_TRACED [[mlflow::trace(CHAIN, "raw")]]
#endif
#endif
#ifndef RAW_TRACED
#define RAW_TRACED
#endif
// One traced accessor per expansion.
#define DEFINE_SCALE(name, factor) \
  MLFLOW_TRACE(PARSER) int name(int value) { return value * (factor); }
// The whole definition, annotation included, is the macro's argument.
#define WRAPPED(...) __VA_ARGS__

TRACED int add(int a, int b) { return a + b; }
RAW_TRACED int negate(int x) { return -x; }
DEFINE_SCALE(twice, 2)
DEFINE_SCALE(thrice, 1 + 2)
WRAPPED(MLFLOW_TRACE(TASK) int square(int v) { return v * v; })

int main() {
  std::printf("add %d\n", add(2, 3));
  // OUT: add 5
  // CHECK: tr-{{[0-9a-f]+}}  add  OK
  // CHECK-NEXT: add [TOOL] OK {{[0-9.]+}} ms  in: {"a":2,"b":3}  out: 5
  std::printf("negate %d\n", negate(4));
  // OUT-NEXT: negate -4
  // CHECK: tr-{{[0-9a-f]+}}  raw  OK
  // CHECK-NEXT: raw [CHAIN] OK {{[0-9.]+}} ms  in: {"x":4}  out: -4
  std::printf("twice %d\n", twice(5));
  // OUT-NEXT: twice 10
  // CHECK: tr-{{[0-9a-f]+}}  twice  OK
  // CHECK-NEXT: twice [PARSER] OK {{[0-9.]+}} ms  in: {"value":5}  out: 10
  std::printf("thrice %d\n", thrice(6));
  // OUT-NEXT: thrice 18
  // CHECK: tr-{{[0-9a-f]+}}  thrice  OK
  // CHECK-NEXT: thrice [PARSER] OK {{[0-9.]+}} ms  in: {"value":6}  out: 18
  std::printf("square %d\n", square(7));
  // OUT-NEXT: square 49
  // CHECK: tr-{{[0-9a-f]+}}  square  OK
  // CHECK-NEXT: square [TASK] OK {{[0-9.]+}} ms  in: {"v":7}  out: 49
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes
