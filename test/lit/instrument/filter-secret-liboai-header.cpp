// Secrets never leave the process in trace-everything mode (issue 15): liboai traced by name (the
// SDK's test double, test/autolog/sdk/liboai, compiled with the plugin here) recorded
// Session::SetHeader({{"Authorization", "Bearer sk-..."}}) (reached, as in liboai, through
// netimpl::set_options) and Authorization::SetKey(key) verbatim. A member named like a secret (Authorization) and a parameter (key) are masked;
// the other headers, and the names, stay.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include='^liboai::(netimpl::Session|Authorization)::' -I%S/../../autolog/sdk/liboai/include %rtinc %s %S/../../autolog/sdk/liboai/src/liboai.cpp %rtlib -lcurl -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: not grep -rF 'Ab3dEf6hIj9kLm2nOp5q' %t.traces
// RUN: FileCheck %s --check-prefix=STORED --input-file=%t.traces/traces.jsonl
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <liboai.h>

#include <cstdio>

int main() {
  liboai::netimpl::Session session;
  liboai::netimpl::set_options(
      session, liboai::netimpl::components::Header{
                   {"Authorization", "Bearer sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv"},
                   {"Content-Type", "application/json"}});
  bool set = liboai::Authorization::Authorizer().SetKey("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv");
  std::printf("%d\n", set);
  // OUT: 1
}
// STORED-DAG: "mlflow.spanInputs":"{\"header\": {\"Authorization\": \"***\", \"Content-Type\": \"application/json\"}}"
// STORED-DAG: "mlflow.spanInputs":"{\"key\": \"***\"}"
// CHECK-DAG: SetKey [UNKNOWN] OK {{.*}}  in: {"key":"***"}  out: true
// CHECK-DAG: SetHeader [UNKNOWN] OK {{.*}}  in: {"header":{"Authorization":"***","Content-Type":"applicatio
