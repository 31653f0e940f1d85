// MLFLOW_CPP_MAX_SPANS_PER_TRACE bounds what one trace records, for code traced by name where a
// recursive or hot helper makes a span per call: beyond the cap a new span, with everything it
// calls, runs unrecorded, and the trace's tag mlflow.cpp.maxSpansReached says how many were left
// out. The program computes the same; without the variable (or with 0) nothing is cut; a bad
// value is reported and ignored.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.capped %t.full %t.bad
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.capped MLFLOW_CPP_MAX_SPANS_PER_TRACE=5 %t | FileCheck %s --check-prefix=OUT
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.full MLFLOW_CPP_MAX_SPANS_PER_TRACE=0 %t | FileCheck %s --check-prefix=OUT
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.bad MLFLOW_CPP_MAX_SPANS_PER_TRACE=lots %t 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: %mlflow_cpp show --json %t.capped | python3 -c "import json, sys; \
// RUN:   [print(len(t['data']['spans']), t['info']['tags'].get('mlflow.cpp.maxSpansReached', 'no cap reached')) \
// RUN:    for t in map(json.loads, sys.stdin)]" | FileCheck %s --check-prefix=CAPPED
// RUN: %mlflow_cpp show --json %t.full | python3 -c "import json, sys; \
// RUN:   [print(len(t['data']['spans']), t['info']['tags'].get('mlflow.cpp.maxSpansReached', 'no cap reached')) \
// RUN:    for t in map(json.loads, sys.stdin)]" | FileCheck %s --check-prefix=FULL
// OUT: fib(10) = 55, small = 1
// BAD: warning: ignoring MLFLOW_CPP_MAX_SPANS_PER_TRACE="lots": expected a whole number >= 0 (0: no cap)
// BAD: fib(10) = 55
// fib(10) makes 177 calls; with run() that is 178 spans. The cap keeps the first 5, and the
// trace of small() (3 spans) is under it.
// CAPPED: 5 5 spans recorded; 5 more (each with the calls made under it) were not (MLFLOW_CPP_MAX_SPANS_PER_TRACE)
// CAPPED-NEXT: 3 no cap reached
// FULL: 178 no cap reached
// FULL-NEXT: 3 no cap reached
#include <mlflow/trace.h>

#include <cstdio>

namespace app {
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int run(int n) { return fib(n); }
int small() { return fib(1) + fib(0); }
}  // namespace app

int main() {
  int a = app::run(10);
  int b = app::small();
  std::printf("fib(10) = %d, small = %d\n", a, b);
}
