// MLFLOW_CPP_DISABLE: the macros vanish and the functions run as written, untraced, with no
// warning (a parameter used only by the macro is still used). Nothing is recorded.
// RUN: %gxx -std=c++17 -fsyntax-only -DMLFLOW_CPP_DISABLE -Wall -Wextra -Werror -pedantic %rtinc %s
// RUN: %clangxx -std=c++17 -DMLFLOW_CPP_DISABLE -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s
// RUN: test ! -e %t.traces
#include <mlflow/trace_function.h>

#include <cstdio>

int twice(int x, int unused_but_named) {
  MLFLOW_TRACE_BODY(TOOL, x, unused_but_named) { return 2 * x; };
}

int thrice(int x, int unused_but_named) {
  MLFLOW_TRACE_NAMED_FUNCTION("three_times", TOOL, x, unused_but_named);
  return MLFLOW_TRACE_RESULT(3 * x);
}

int main() {
  std::printf("%d %d\n", twice(2, 0), thrice(2, 0));
  // CHECK: 4 6
}
