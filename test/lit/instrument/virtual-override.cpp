// Virtual functions and overrides: a call through the base class reaches the override, which is
// traced when it is annotated itself (with its own span type); an override without the
// annotation is not traced. An annotated override calling the base version gives nested spans.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <string>

struct Tool {
  virtual ~Tool() = default;
  MLFLOW_TRACE(TOOL) virtual std::string run(int x) const { return "tool " + std::to_string(x); }
};

struct Search : Tool {
  MLFLOW_TRACE(RETRIEVER) std::string run(int x) const override { return "search+" + Tool::run(x); }
};

struct Plain : Tool {
  std::string run(int x) const override { return "plain " + std::to_string(x); }
};

std::string use(const Tool& tool, int x) { return tool.run(x); }

int main() {
  use(Tool(), 1);
  // CHECK: tr-{{[0-9a-f]+}}  run  OK
  // CHECK-NEXT: run [TOOL] OK {{[0-9.]+}} ms  in: {"x":1}  out: "tool 1"
  use(Search(), 2);
  // CHECK: tr-{{[0-9a-f]+}}  run  OK
  // CHECK-NEXT: run [RETRIEVER] OK {{[0-9.]+}} ms  in: {"x":2}  out: "search+tool 2"
  // CHECK-NEXT: └─ run [TOOL] OK {{[0-9.]+}} ms  in: {"x":2}  out: "tool 2"
  use(Plain(), 3);
  // CHECK-NOT: tr-
}
