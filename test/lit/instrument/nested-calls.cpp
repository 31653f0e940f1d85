// Calls between traced functions form one tree per outermost call, children in call order;
// untraced functions in between are transparent.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s --strict-whitespace
#include <mlflow/trace.h>

#include <string>

MLFLOW_TRACE(EMBEDDING) int embed(const std::string& text) { return static_cast<int>(text.size()); }
int helper(const std::string& text) { return embed(text) + embed(text + "!"); }  // not traced
MLFLOW_TRACE(RETRIEVER) int retrieve(const std::string& query) { return helper(query) * 2; }
MLFLOW_TRACE(LLM) std::string generate(int context) { return "answer " + std::to_string(context); }
MLFLOW_TRACE(AGENT) std::string agent(const std::string& question) {
  return generate(retrieve(question) + embed(question));
}

int main() {
  agent("why");
  // CHECK:      {{^}}tr-{{[0-9a-f]+}}  agent  OK
  // CHECK-NEXT: {{^}}  agent [AGENT] OK {{[0-9.]+}} ms  in: {"question":"why"}  out: "answer 17"
  // CHECK-NEXT: {{^}}  ├─ retrieve [RETRIEVER] OK {{[0-9.]+}} ms  in: {"query":"why"}  out: 14
  // CHECK-NEXT: {{^}}  │  ├─ embed [EMBEDDING] OK {{[0-9.]+}} ms  in: {"text":"why"}  out: 3
  // CHECK-NEXT: {{^}}  │  └─ embed [EMBEDDING] OK {{[0-9.]+}} ms  in: {"text":"why!"}  out: 4
  // CHECK-NEXT: {{^}}  ├─ embed [EMBEDDING] OK {{[0-9.]+}} ms  in: {"text":"why"}  out: 3
  // CHECK-NEXT: {{^}}  └─ generate [LLM] OK {{[0-9.]+}} ms  in: {"context":17}  out: "answer 17"
  embed("x");
  // CHECK:      {{^}}tr-{{[0-9a-f]+}}  embed  OK
  // CHECK-NEXT: {{^}}  embed [EMBEDDING] OK {{[0-9.]+}} ms  in: {"text":"x"}  out: 1
  // CHECK-NOT: tr-
}
