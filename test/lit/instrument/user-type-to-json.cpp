// Arguments and return values of user types with a to_json (found by ADL, or from nlohmann's
// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE) are recorded as JSON objects.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <string>
#include <vector>

namespace geo {
struct Point {
  int x, y;
};
void to_json(nlohmann::json& j, const Point& p) { j = {{"x", p.x}, {"y", p.y}}; }

struct Document {
  std::string id;
  double score;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Document, id, score)
}  // namespace geo

MLFLOW_TRACE(TOOL) geo::Point shift(const geo::Point& p, int dx) {
  geo::Point moved = p;
  moved.x += dx;
  return moved;
}

MLFLOW_TRACE(RERANKER) std::vector<geo::Document> top(std::vector<geo::Document> docs, std::size_t k) {
  docs.resize(k);
  return docs;
}

int main() {
  shift({1, 2}, 10);
  // CHECK: shift {"p": {"x": 1, "y": 2}, "dx": 10} {"x": 11, "y": 2}
  top({{"a", 0.9}, {"b", 0.5}}, 1);
  // CHECK-NEXT: top {"docs": [{"id": "a", "score": 0.9}, {"id": "b", "score": 0.5}], "k": 1} [{"id": "a", "score": 0.9}]
  // CHECK-NOT: {{.}}
}
