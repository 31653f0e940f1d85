// -fplugin-arg-mlflow-exclude=<regex> removes functions from what include= selected. Several
// include= and exclude= may be given. Annotated functions are traced either way, also when an
// exclude= matches them.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: \
// RUN:   -fplugin-arg-mlflow-include=^lib::api -fplugin-arg-mlflow-exclude=::detail:: \
// RUN:   -fplugin-arg-mlflow-exclude=_internal$ %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

namespace app {
namespace detail {
int normalize(int x) { return x < 0 ? -x : x; }                    // excluded
MLFLOW_TRACE(PARSER) int parse(int x) { return normalize(x); }     // excluded, but annotated
}  // namespace detail
int step_internal(int x) { return x + 1; }                         // excluded
int run(int x) { return step_internal(detail::parse(x)); }         // traced
}  // namespace app

namespace lib {
int api_call(int x) { return x * 2; }                              // traced (second include=)
int other(int x) { return x; }                                     // not selected
}  // namespace lib

int main() {
  app::run(-4);
  // CHECK: tr-{{[0-9a-f]+}}  run  OK
  // CHECK-NEXT: run [UNKNOWN] OK {{[0-9.]+}} ms  in: {"x":-4}  out: 5
  // CHECK-NEXT: └─ parse [PARSER] OK {{[0-9.]+}} ms  in: {"x":-4}  out: 4
  lib::api_call(lib::other(1));
  // CHECK: tr-{{[0-9a-f]+}}  api_call  OK
  // CHECK-NEXT: api_call [UNKNOWN] OK {{[0-9.]+}} ms  in: {"x":1}  out: 2
  // CHECK-NOT: tr-
}
