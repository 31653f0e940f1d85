// A function returning a reference returns the very object (not a copy of it), and records its
// value as the output: lvalue references, const references and rvalue references.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

MLFLOW_TRACE(TOOL) std::string& at(std::vector<std::string>& names, int i) { return names[i]; }

struct Config {
  std::string name = "prod";
  MLFLOW_TRACE(TOOL) const std::string& get() const { return name; }
};

MLFLOW_TRACE(TOOL) std::string&& take(std::string& s) { return std::move(s); }

int main() {
  std::vector<std::string> names = {"a", "b", "c"};
  std::string& ref = at(names, 1);
  ref = "B";
  std::printf("same object: %s, names[1] = %s\n", &ref == &names[1] ? "yes" : "no",
              names[1].c_str());
  // OUT: same object: yes, names[1] = B
  // CHECK: tr-{{[0-9a-f]+}}  at  OK
  // CHECK-NEXT: at [TOOL] OK {{[0-9.]+}} ms  in: {"names":["a","b","c"],"i":1}  out: "b"
  Config config;
  std::printf("const ref same object: %s\n", &config.get() == &config.name ? "yes" : "no");
  // OUT-NEXT: const ref same object: yes
  // CHECK: tr-{{[0-9a-f]+}}  get  OK
  // CHECK-NEXT: get [TOOL] OK {{[0-9.]+}} ms  in: {}  out: "prod"
  std::string s = "moved";
  std::string&& r = take(s);
  std::printf("rvalue ref same object: %s\n", &r == &s ? "yes" : "no");
  // OUT-NEXT: rvalue ref same object: yes
  // CHECK: tr-{{[0-9a-f]+}}  take  OK
  // CHECK-NEXT: take [TOOL] OK {{[0-9.]+}} ms  in: {"s":"moved"}  out: "moved"
  // CHECK-NOT: tr-
}
