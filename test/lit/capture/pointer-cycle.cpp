// Cyclic structures are recorded up to the first object met again, "<...>": a to_json that
// captures what raw pointers point to (two per node: followed to the depth limit, a cycle would
// be 2^64 captures), and shared_ptr cycles of standard types.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

struct Node {
  std::string name;
  const Node* left = nullptr;
  const Node* right = nullptr;
};
void to_json(nlohmann::json& j, const Node& node) {
  j["name"] = node.name;
  if (node.left != nullptr) j["left"] = mlflow::capture(*node.left);
  if (node.right != nullptr) j["right"] = mlflow::capture(*node.right);
}

struct Graph : std::vector<std::shared_ptr<Graph>> {};

MLFLOW_TRACE(TOOL) int visit(const Node& node) { return static_cast<int>(node.name.size()); }
MLFLOW_TRACE(TOOL) std::size_t edges(const std::shared_ptr<Graph>& graph) { return graph->size(); }

int main() {
  Node a{"a"}, b{"b"};
  a.left = a.right = &b;
  b.left = b.right = &a;
  std::printf("%d\n", visit(a));
  // OUT: 1
  auto graph = std::make_shared<Graph>();
  graph->push_back(graph);
  graph->push_back(std::make_shared<Graph>());
  graph->back()->push_back(graph);
  std::printf("%zu\n", edges(graph));
  // OUT-NEXT: 2
  graph->clear();
  // CHECK: visit {"node": {"left": {"left": "<...>", "name": "b", "right": "<...>"}, "name": "a", "right": {"left": "<...>", "name": "b", "right": "<...>"}}}
  // CHECK-NEXT: edges {"graph": ["<...>", ["<...>"]]}
  // CHECK-NOT: {{.}}
}
