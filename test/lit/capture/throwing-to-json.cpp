// A to_json that throws, for an argument or for the result, records what failed and why in that
// value ("<Type: capture failed: what()>"); the exception never reaches the program, which goes
// on with its own values. (capture() uses no stream operator<<: a throwing one is never called.)
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['status']['code'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <ostream>
#include <stdexcept>

struct Secretive {
  int value;
};
void to_json(nlohmann::json&, const Secretive&) { throw std::runtime_error("not serializable"); }
std::ostream& operator<<(std::ostream&, const Secretive&) { throw std::runtime_error("no stream"); }

struct Odd {};
void to_json(nlohmann::json&, const Odd&) { throw 42; }

MLFLOW_TRACE(TOOL) Secretive twice(const Secretive& s, Odd odd) {
  (void)odd; return Secretive{s.value * 2}; }

int main() {
  std::printf("%d\n", twice(Secretive{21}, Odd{}).value);
  // OUT: 42
  // CHECK: twice STATUS_CODE_OK {"s": "<Secretive: capture failed: not serializable>", "odd": "<Odd: capture failed>"} "<Secretive: capture failed: not serializable>"
  // CHECK-NOT: {{.}}
}
