// Corpus (issue 14): an annotated lambda that returns one of its captures by name
// (`[&total] ... { ...; return total; }`, and the same with [&], [=] and [total]). The plugin
// used to take the capture for a local of the lambda and name the enclosing function's variable
// in the statement that records the output ("variable 'total' cannot be implicitly captured");
// now a captured variable is returned through the capture, like any other expression.
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

int main() {
  int total = 0;
  auto by_ref = [&total] MLFLOW_TRACE(TOOL) (int x) { total += x; return total; };
  auto by_default_ref = [&] MLFLOW_TRACE(TOOL) (int x) { total += x; return total; };
  auto by_copy = [total] MLFLOW_TRACE(TOOL) () { return total; };
  auto by_default_copy = [=] MLFLOW_TRACE(TOOL) () { return total; };
  std::printf("%d %d\n", by_ref(2), by_default_ref(3));
  std::printf("%d %d\n", by_copy(), by_default_copy());
  // OUT: 2 5
  // OUT-NEXT: 0 0
  // CHECK: lambda@lambda-return-captured.cpp:{{[0-9]+}} [TOOL] OK {{[0-9.]+}} ms  in: {"x":2}  out: 2
  // CHECK: lambda@lambda-return-captured.cpp:{{[0-9]+}} [TOOL] OK {{[0-9.]+}} ms  in: {"x":3}  out: 5
  // CHECK: lambda@lambda-return-captured.cpp:{{[0-9]+}} [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 0
  // CHECK: lambda@lambda-return-captured.cpp:{{[0-9]+}} [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 0
}
// REQUIRES: scoped-plugin-attributes, std-c++23
