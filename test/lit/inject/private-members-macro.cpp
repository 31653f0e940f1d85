// A test suite that opens a library's private members with a macro defined before its includes
// (nlohmann/json's own tests define JSON_TESTS_PRIVATE) still compiles when the plugin traces it
// by name: nothing the plugin adds ahead of the file includes a header.
// RUN: %clangxx -std=c++17 -Werror %s -o %t.plain
// RUN: %clangxx -std=c++17 -Werror -fplugin=%plugin -fplugin-arg-mlflow-include=^suite:: %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain | FileCheck %s
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced | FileCheck %s
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s --check-prefix=TRACE
#define JSON_TESTS_PRIVATE
#include <nlohmann/json.hpp>
#include <cstdio>

namespace suite {
// m_type is private unless JSON_TESTS_PRIVATE was defined before nlohmann/json was included.
bool is_object(const nlohmann::json& j) { return j.m_type == nlohmann::json::value_t::object; }
}  // namespace suite

int main() {
  std::printf("object: %d\n", suite::is_object(nlohmann::json::object()) ? 1 : 0);
  // CHECK: object: 1
}
// TRACE: is_object [UNKNOWN] OK {{.*}} in: {"j":{}}  out: true
