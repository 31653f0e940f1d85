// Manual spans (mlflow::start_span) and annotated functions share the thread's span stack: an
// annotated call inside a manual span is its child, and a manual span inside an annotated function
// is the function's child; together they form one tree.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <string>

MLFLOW_TRACE(LLM) std::string generate(const std::string& prompt) { return "re: " + prompt; }

MLFLOW_TRACE(RETRIEVER) int retrieve(int k) {
  auto span = mlflow::start_span("rank", mlflow::SpanType::RERANKER);
  span.set_inputs({{"k", k}});
  span.set_outputs(k - 1);
  return k - 1;
}

int main() {
  {
    auto root = mlflow::start_span("request", mlflow::SpanType::AGENT);
    root.set_inputs({{"question", "hi"}});
    retrieve(3);
    {
      auto step = mlflow::start_span("answer");
      generate("hi");
    }
    root.set_outputs("done");
  }
  // CHECK: tr-{{[0-9a-f]+}}  request  OK
  // CHECK-NEXT: request [AGENT] OK {{[0-9.]+}} ms  in: {"question":"hi"}  out: "done"
  // CHECK-NEXT: ├─ retrieve [RETRIEVER] OK {{[0-9.]+}} ms  in: {"k":3}  out: 2
  // CHECK-NEXT: │  └─ rank [RERANKER] OK {{[0-9.]+}} ms  in: {"k":3}  out: 2
  // CHECK-NEXT: └─ answer [UNKNOWN] OK {{[0-9.]+}} ms
  // CHECK-NEXT: └─ generate [LLM] OK {{[0-9.]+}} ms  in: {"prompt":"hi"}  out: "re: hi"
  // CHECK-NOT: tr-
}
