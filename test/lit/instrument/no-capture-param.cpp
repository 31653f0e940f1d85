// A parameter marked [[mlflow::no_capture]] (MLFLOW_NO_CAPTURE) is left out of the inputs: no
// record_arg call is made for it. The other parameters are recorded, and the function still
// sees the argument.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s --implicit-check-not=hunter2
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

MLFLOW_TRACE(TOOL) bool login(const std::string& user, MLFLOW_NO_CAPTURE const std::string& password) {
  return user.size() + password.size() == 12;
}
// AST-LABEL: bool login(const std::string &user, __attribute__((annotate("mlflow.no_capture"))) const std::string &password) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"login", "TOOL", "login", "login", "{{.*}}no-capture-param.cpp", 14U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "user", user);
// AST-NEXT:     }
// AST-NEXT:     {

struct Client {
  std::string token;
  MLFLOW_TRACE(LLM) explicit Client([[mlflow::no_capture]] const char* api_key) : token(api_key) {}
  MLFLOW_TRACE(LLM) int ask([[mlflow::no_capture]] int session, const char* question) const {
    return session + static_cast<int>(std::string(question).size());
  }
};

int main() {
  std::printf("%d\n", login("alice", "hunter2"));
  // OUT: {{^}}1{{$}}
  // CHECK: login [TOOL] OK {{[0-9.]+}} ms  in: {"user":"alice"}  out: true
  Client client("hunter2");
  // CHECK: Client [LLM] OK {{[0-9.]+}} ms  in: {}{{$}}
  std::printf("%d\n", client.ask(100, "why"));
  // OUT-NEXT: {{^}}103{{$}}
  // CHECK: ask [LLM] OK {{[0-9.]+}} ms  in: {"question":"why"}  out: 103
  // CHECK-NOT: tr-
}
// REQUIRES: ast-print-attributes-as-written
