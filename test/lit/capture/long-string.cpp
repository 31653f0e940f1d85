// A 100 MB string argument, and a 100 MB result, are recorded cut at MLFLOW_CPP_MAX_VALUE_BYTES,
// at a UTF-8 character boundary, with a marker that gives the original size; the program sees
// its values whole.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces MLFLOW_CPP_MAX_VALUE_BYTES=9 %t \
// RUN:   | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

constexpr std::size_t k100MB = std::size_t{100} << 20;

MLFLOW_TRACE(TOOL) std::size_t length(const std::string& text) { return text.size(); }

// "é" is two bytes: the 9th byte is the first half of the 5th "é", which is left out whole.
MLFLOW_TRACE(TOOL) std::string accents(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += "\xc3\xa9";
  return text;
}

int main() {
  std::printf("%zu\n", length(std::string(k100MB, 'x')));
  // OUT: 104857600
  std::printf("%zu\n", accents(k100MB / 2).size());
  // OUT-NEXT: 104857600
  // CHECK: length {"text": "xxxxxxxxx...[truncated, 104857600 bytes]"} 104857600
  // CHECK-NEXT: accents {"count": 52428800} "éééé...[truncated, 104857600 bytes]"
  // CHECK-NOT: {{.}}
}
