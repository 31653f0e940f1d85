// A move-only return type (std::unique_ptr) is returned and recorded: a named local, a prvalue and
// a moved parameter all compile and reach the caller; the output is the pointee.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc -Xclang -verify -fsyntax-only %s
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// expected-no-diagnostics
#include <mlflow/trace.h>

#include <cstdio>
#include <memory>
#include <string>

MLFLOW_TRACE(TOOL) std::unique_ptr<std::string> named(const char* text) {
  auto result = std::make_unique<std::string>(text);
  result->append("!");
  return result;
}

MLFLOW_TRACE(TOOL) std::unique_ptr<std::string> prvalue(const char* text) {
  return std::make_unique<std::string>(text);
}

MLFLOW_TRACE(TOOL) std::unique_ptr<int> pass(std::unique_ptr<int> p) { return p; }

MLFLOW_TRACE(TOOL) std::unique_ptr<int> none() { return nullptr; }

int main() {
  std::printf("%s\n", named("hi")->c_str());
  // OUT: hi!
  // CHECK: tr-{{[0-9a-f]+}}  named  OK
  // CHECK-NEXT: named [TOOL] OK {{[0-9.]+}} ms  in: {"text":"hi"}  out: "hi!"
  std::printf("%s\n", prvalue("there")->c_str());
  // OUT-NEXT: there
  // CHECK: tr-{{[0-9a-f]+}}  prvalue  OK
  // CHECK-NEXT: prvalue [TOOL] OK {{[0-9.]+}} ms  in: {"text":"there"}  out: "there"
  int* raw = new int(7);
  std::unique_ptr<int> back = pass(std::unique_ptr<int>(raw));
  std::printf("same pointer: %s, value %d\n", back.get() == raw ? "yes" : "no", *back);
  // OUT-NEXT: same pointer: yes, value 7
  // CHECK: tr-{{[0-9a-f]+}}  pass  OK
  // CHECK-NEXT: pass [TOOL] OK {{[0-9.]+}} ms  in: {"p":7}  out: 7
  std::printf("none: %s\n", none() ? "set" : "null");
  // OUT-NEXT: none: null
  // CHECK: tr-{{[0-9a-f]+}}  none  OK
  // CHECK-NEXT: none [TOOL] OK {{[0-9.]+}} ms  in: {}  out: null
  // CHECK-NOT: tr-
}
