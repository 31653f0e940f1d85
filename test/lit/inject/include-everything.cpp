// -fplugin-arg-mlflow-include=. (every function outside system headers) builds and runs: the
// runtime's own code (namespace mlflow, the headers the plugin adds after the file) is never
// traced, only the program's.
// RUN: %clangxx -std=c++17 %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include=. %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

struct Item {
  std::string name;
  int count;
};
void to_json(nlohmann::json& j, const Item& item) { j = {{"name", item.name}, {"count", item.count}}; }

int total(const std::vector<Item>& items) {
  int sum = 0;
  for (const Item& item : items) sum += item.count;
  return sum;
}

int main() {
  auto span = mlflow::start_span("manual", mlflow::SpanType::CHAIN);
  span.set_inputs({{"items", 2}});
  std::printf("%d\n", total({{"a", 1}, {"b", 2}}));
}
// CHECK: tr-{{[0-9a-f]+}}  main  OK
// CHECK-NEXT: main [UNKNOWN] OK
// CHECK-NEXT: └─ manual [CHAIN] OK {{.*}} in: {"items":2}
// CHECK-NEXT:    └─ total [UNKNOWN] OK {{.*}} in: {"items":[{"count":1,"name":"a"},{"count":2,"name":"b"}]}  out: 3
// CHECK-NOT: mlflow::
