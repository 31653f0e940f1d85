// Secrets never leave the process (issue 15): in an annotated function, an argument named like a
// secret (password) is masked, a URL's password and a bearer token are masked wherever they
// appear (here in an argument and in the result), and everything else is kept.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: not grep -rF 'hunter2-Zq' %t.traces
// RUN: not grep -rF 'Ab3dEf6hIj9kLm2nOp5q' %t.traces
// RUN: FileCheck %s --input-file=%t.traces/traces.jsonl
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

MLFLOW_TRACE(TOOL)
std::string login(const std::string& user, const std::string& password, const std::string& dsn) {
  return "Bearer sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv for " + user + password.substr(0, 0) + dsn.substr(0, 0);
}

int main() {
  std::printf("%zu\n", login("alice", "hunter2-Zq", "postgres://app:hunter2-Zq@db:5432/app").size());
  // OUT: 51
}
// As stored (MLflow's Trace JSON: inputs and outputs are JSON text in attributes):
// CHECK: "mlflow.spanInputs":"{\"user\": \"alice\", \"password\": \"***\", \"dsn\": \"postgres://app:***@db:5432/app\"}"
// CHECK-SAME: "mlflow.spanOutputs":"\"Bearer *** for alice\""
