// A switch the file defines before its own includes still reaches them when the plugin traces
// the file by name: the plugin puts only its prelude (which includes nothing) ahead of the file,
// and the rest of the runtime after the file's last line. Reproducer from issue 10: with the
// runtime's headers put ahead of the file, nlohmann/json was already included without
// JSON_DIAGNOSTICS, so the exception lost its "(/a)" path, with a -Wmacro-redefined warning.
// RUN: %clangxx -std=c++17 -Werror %s -o %t.plain
// RUN: %clangxx -std=c++17 -Werror -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain | FileCheck %s
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced | FileCheck %s
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s --check-prefix=TRACE
#define JSON_DIAGNOSTICS 1
#include <nlohmann/json.hpp>
#include <cstdio>
#include <string>

namespace app {
void noop() {}
}  // namespace app

int main() {
  app::noop();
  nlohmann::json j = {{"a", 1}};
  try {
    j["a"].get<std::string>();
  } catch (const std::exception& e) {
    std::puts(e.what());
  }
  // CHECK: [json.exception.type_error.302] (/a) type must be string, but is number
}
// TRACE: noop [UNKNOWN] OK
