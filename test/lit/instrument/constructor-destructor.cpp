// Constructors and destructors are traced, named after the class (`Agent`, `~Agent`). A
// constructor's span covers its body, not its member initializers: a traced call in an
// initializer is a trace of its own, made before the constructor's span starts, while a call in
// the body is a child of the constructor's span. Neither has an output.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s --implicit-check-not=out:
#include <mlflow/trace.h>

#include <string>

MLFLOW_TRACE(TOOL) std::string make_name(int id) { return "agent-" + std::to_string(id); }
MLFLOW_TRACE(TOOL) void note(const std::string& what) { (void)what; }

struct Agent {
  std::string name;
  MLFLOW_TRACE(AGENT) explicit Agent(int id) : name(make_name(id)) { note("hello " + name); }
  MLFLOW_TRACE(TASK) ~Agent() { note("bye " + name); }
};

int main() {
  {
    Agent agent(7);
    // CHECK: tr-{{[0-9a-f]+}}  make_name  OK
    // CHECK-NEXT: make_name [TOOL] OK {{[0-9.]+}} ms  in: {"id":7}  out: "agent-7"
    // CHECK: tr-{{[0-9a-f]+}}  Agent  OK
    // CHECK-NEXT: Agent [AGENT] OK {{[0-9.]+}} ms  in: {"id":7}{{$}}
    // CHECK-NEXT: └─ note [TOOL] OK {{[0-9.]+}} ms  in: {"what":"hello agent-7"}{{$}}
  }
  // CHECK: tr-{{[0-9a-f]+}}  ~Agent  OK
  // CHECK-NEXT: ~Agent [TASK] OK {{[0-9.]+}} ms  in: {}{{$}}
  // CHECK-NEXT: └─ note [TOOL] OK {{[0-9.]+}} ms  in: {"what":"bye agent-7"}{{$}}
  // CHECK-NOT: tr-
}
