// Containers with millions of elements, captured by the library (std::vector<int>) or through
// capture() and nlohmann (std::deque, std::map<std::string, long>), are recorded with their
// first MLFLOW_CPP_MAX_VALUE_ITEMS elements and a marker that gives their size.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces MLFLOW_CPP_MAX_VALUE_ITEMS=3 %t \
// RUN:   | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <vector>

MLFLOW_TRACE(TOOL) std::vector<int> iota(int n) {
  std::vector<int> values(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) values[static_cast<std::size_t>(i)] = i;
  return values;
}

MLFLOW_TRACE(TOOL) std::size_t count(const std::deque<int>& values, const std::map<std::string, long>& index) {
  return values.size() + index.size();
}

int main() {
  std::vector<int> values = iota(3'000'000);
  std::map<std::string, long> index;
  for (long i = 0; i < 1'000'000; ++i) index["k" + std::to_string(i)] = i;
  std::printf("%zu\n", count(std::deque<int>(values.begin(), values.end()), index));
  // OUT: 4000000
  // CHECK: iota {"n": 3000000} [0, 1, 2, "...[truncated, 3000000 items]"]
  // CHECK-NEXT: count {"values": [0, 1, 2, "...[truncated, 3000000 items]"], "index": {"...": "[truncated, 1000000 members]", "k0": 0, "k1": 1, "k10": 10}} 4000000
  // CHECK-NOT: {{.}}
}
