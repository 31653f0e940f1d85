// A header library kept in the project's own tree (here: a copy of nlohmann/json under
// vendored/, found through -I, so not a system header) can be traced by name. The runtime's
// prelude comes first, so no function of the library is seen before the runtime is declared
// (issue 10: "'operator<' is marked for tracing but the mlflow-cpp runtime is not declared");
// the runtime's own captures use the same copy of the library, and a span is never started
// while a value is being captured, so the library's traced functions do not trace themselves.
// RUN: rm -rf %t && mkdir -p %t/vendored && cp -r /usr/include/nlohmann %t/vendored/
// RUN: %clangxx -std=c++17 -I%t/vendored %s -o %t/plain
// RUN: %clangxx -std=c++17 -I%t/vendored -fplugin=%plugin '-fplugin-arg-mlflow-include=^nlohmann::.*::(parse|dump)$' -fplugin-arg-mlflow-include=^app:: %rtinc %s %rtlib -o %t/traced
// RUN: %t/plain > %t/plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/traces %t/traced > %t/traced.out
// RUN: diff %t/plain.out %t/traced.out
// RUN: FileCheck %s --input-file=%t/traced.out
// RUN: %mlflow_cpp show --no-color %t/traces | FileCheck %s --check-prefix=TRACE
#include <nlohmann/json.hpp>
#include <cstdio>
#include <string>

namespace app {
struct Doc {
  std::string title;
};
void to_json(nlohmann::json& j, const Doc& d) { j = {{"title", d.title}}; }

std::string roundtrip(const Doc& doc) {
  nlohmann::json j = doc;
  return nlohmann::json::parse(j.dump()).dump();
}
}  // namespace app

int main() {
  std::puts(app::roundtrip(app::Doc{"a"}).c_str());
  // CHECK: {"title":"a"}
}
// TRACE: roundtrip [UNKNOWN] OK {{.*}} in: {"doc":{"title":"a"}}  out: "{\"title\":\"a\"}"
// TRACE: dump [UNKNOWN] OK
// TRACE: parse{{.*}} [UNKNOWN] OK
