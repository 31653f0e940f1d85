// What is masked is configurable (issue 15, docs/configuration.md): MLFLOW_CPP_SECRET_NAMES adds
// names (an extended regular expression matched against the whole name, any case),
// MLFLOW_CPP_SECRET_VALUE_PATTERNS adds value shapes (each match masked), and
// MLFLOW_CPP_MASK_SECRETS=false turns the built-in rules off.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.default %t.added %t.off
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.default %t
// RUN: FileCheck %s --check-prefix=DEFAULT --input-file=%t.default/traces.jsonl
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.added MLFLOW_CPP_SECRET_NAMES='pin|otp_.*' MLFLOW_CPP_SECRET_VALUE_PATTERNS='corp-[0-9]+' %t
// RUN: FileCheck %s --check-prefix=ADDED --input-file=%t.added/traces.jsonl
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.off MLFLOW_CPP_MASK_SECRETS=false %t
// RUN: FileCheck %s --check-prefix=OFF --input-file=%t.off/traces.jsonl
#include <mlflow/trace.h>

#include <string>

MLFLOW_TRACE(TOOL)
int unlock(const std::string& password, int pin, const std::string& otp_code, const std::string& note) {
  return static_cast<int>(password.size() + otp_code.size() + note.size()) + pin;
}

int main() { unlock("hunter2", 1234, "99-11", "ticket corp-42"); }
// As stored (MLflow's Trace JSON: the inputs are JSON text in an attribute):
// DEFAULT: "mlflow.spanInputs":"{\"password\": \"***\", \"pin\": 1234, \"otp_code\": \"99-11\", \"note\": \"ticket corp-42\"}"
// ADDED: "mlflow.spanInputs":"{\"password\": \"***\", \"pin\": \"***\", \"otp_code\": \"***\", \"note\": \"ticket ***\"}"
// OFF: "mlflow.spanInputs":"{\"password\": \"hunter2\", \"pin\": 1234, \"otp_code\": \"99-11\", \"note\": \"ticket corp-42\"}"
