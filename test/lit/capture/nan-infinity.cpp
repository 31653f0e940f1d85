// NaN and infinities are not JSON numbers (RFC 8259): they are recorded as null, in arguments,
// containers and results, as scalars the library captures and inside values capture() makes.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

MLFLOW_TRACE(TOOL) double scale(double x, const std::vector<double>& weights, std::optional<float> bias) {
  return x * weights.size() + bias.value_or(0);
}

int main() {
  const double inf = std::numeric_limits<double>::infinity();
  scale(std::nan(""), {inf, -inf, 0.5}, std::nanf(""));
  scale(inf, {}, std::nullopt);
  // CHECK: scale {"x": null, "weights": [null, null, 0.5], "bias": null} null
  // CHECK-NEXT: scale {"x": null, "weights": [], "bias": null} null
  // CHECK-NOT: {{.}}
}
