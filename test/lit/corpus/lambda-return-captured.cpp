// Corpus (issue 14): an annotated lambda that returns one of its captures by name
// (`[&total] ... { ...; return total; }`, and the same with [&], [=] and [total]). Without the
// plugin this is valid; with it the build fails: "variable 'total' cannot be implicitly captured
// in a lambda with no capture-default specified". The statement that records the output names
// the enclosing function's variable instead of the lambda's capture of it. (With no_output, or
// `return total + 0;`, it builds.)
// XFAIL: *
// Bug: plugin/instrument/ReturnCapture.cpp, `return <captured variable>;` in a lambda.
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
  // OUT-NEXT: 0 5
  // CHECK: lambda@lambda-return-captured.cpp:22 [TOOL] OK {{[0-9.]+}} ms  in: {"x":2}  out: 2
  // CHECK: lambda@lambda-return-captured.cpp:23 [TOOL] OK {{[0-9.]+}} ms  in: {"x":3}  out: 5
  // CHECK: lambda@lambda-return-captured.cpp:24 [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 0
  // CHECK: lambda@lambda-return-captured.cpp:25 [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 5
}
