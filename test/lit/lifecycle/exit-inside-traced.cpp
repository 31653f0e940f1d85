// std::exit from inside traced functions: no destructor runs, so their spans cannot end on
// their own. The final flush ends them first, as errors ("the process exited before the span
// ended"), and the trace is delivered with the exit status unchanged. std::quick_exit runs the
// at_quick_exit handlers instead: the traces completed before it are delivered too.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.exit && env MLFLOW_CPP_TRACE_DIR=%t.exit not %t exit
// RUN: %mlflow_cpp show --no-color %t.exit | FileCheck %s --check-prefix=EXIT
// RUN: rm -rf %t.quick && env MLFLOW_CPP_TRACE_DIR=%t.quick not %t quick
// RUN: %mlflow_cpp show --no-color %t.quick | FileCheck %s --check-prefix=QUICK
#include <mlflow/trace.h>

#include <cstdlib>
#include <cstring>

MLFLOW_TRACE(TOOL) int finish(int code) { std::exit(code); }
MLFLOW_TRACE(CHAIN) int run(int code) { return finish(code) + 1; }
MLFLOW_TRACE(TOOL) int work(int x) { return x * 2; }

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "quick") == 0) {
    work(21);
    std::quick_exit(4);
  }
  return run(3);
}
// EXIT: tr-{{[0-9a-f]+}}  run  ERROR
// EXIT-NEXT: run [CHAIN] ERROR (the process exited before the span ended) {{.*}} in: {"code":3}
// EXIT-NEXT: └─ finish [TOOL] ERROR (the process exited before the span ended) {{.*}} in: {"code":3}
// QUICK: work [TOOL] OK {{.*}} in: {"x":21}  out: 42
