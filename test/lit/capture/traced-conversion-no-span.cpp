// Functions that capture calls to make a value's JSON (a to_json, a range's begin() and end())
// start no span of their own while capturing, even when they are traced: only the spans of
// the program's own calls appear, through the plugin's captures and through
// span.set_inputs(mlflow::capture(...)) by hand.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <array>

struct Point {
  int x, y;
};
MLFLOW_TRACE(PARSER) void to_json(nlohmann::json& j, const Point& p) { j = {p.x, p.y}; }

struct Samples {
  std::array<int, 2> values{{3, 4}};
  MLFLOW_TRACE(TOOL) const int* begin() const { return values.data(); }
  MLFLOW_TRACE(TOOL) const int* end() const { return values.data() + values.size(); }
};

MLFLOW_TRACE(TOOL) int norm(const Point& p, const Samples& samples) { return p.x * p.x + p.y * p.y + *samples.begin(); }

int main() {
  norm(Point{1, 2}, Samples{});
  {
    mlflow::Span span = mlflow::start_span("by_hand");
    span.set_inputs({{"p", mlflow::capture(Point{5, 6})}});
    span.set_outputs(Point{7, 8});
  }
  // Called by the program, they are traced as usual.
  nlohmann::json j;
  to_json(j, Point{9, 9});
  // CHECK: norm {"p": [1, 2], "samples": [3, 4]}
  // CHECK-NEXT: begin {}
  // CHECK-NEXT: by_hand {"p": [5, 6]}
  // CHECK-NEXT: to_json {"j": null, "p": [9, 9]}
  // CHECK-NOT: {{.}}
}
