// Corpus (issue 14): C++23 explicit object parameters ("deducing this"). The explicit object
// parameter is the object, as `this` is, so it is not an input (MLflow's Python decorator leaves
// `self` out the same way): a member function taking `this const Account& self`, one deducing
// `this Self&& self` (called on an lvalue and on an rvalue), and a recursive lambda calling itself
// through `this auto self`. Each builds without a new diagnostic, computes the same with and
// without the plugin, and is traced with the other parameters only.
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>

struct Account {
  int balance = 100;
  MLFLOW_TRACE(TOOL) int after(this const Account& self, int spend) { return self.balance - spend; }
  template <class Self>
  MLFLOW_TRACE(TOOL) const char* kind(this Self&&, int code) {
    return std::is_lvalue_reference_v<Self> ? (code ? "lvalue" : "?") : "rvalue";
  }
};

int main() {
  Account acct;
  std::printf("after %d\n", acct.after(30));
  // OUT: after 70
  // CHECK: tr-{{[0-9a-f]+}}  after  OK
  // CHECK-NEXT: after [TOOL] OK {{[0-9.]+}} ms  in: {"spend":30}  out: 70
  std::printf("kind %s %s\n", acct.kind(1), Account().kind(2));
  // OUT-NEXT: kind lvalue rvalue
  // CHECK-DAG: kind<Account &> [TOOL] OK {{[0-9.]+}} ms  in: {"code":1}  out: "lvalue"
  // CHECK-DAG: kind<Account> [TOOL] OK {{[0-9.]+}} ms  in: {"code":2}  out: "rvalue"
  auto fact = [] MLFLOW_TRACE(TOOL) (this auto self, int n) -> int { return n <= 1 ? 1 : n * self(n - 1); };
  std::printf("fact %d\n", fact(3));
  // OUT-NEXT: fact 6
  // CHECK: tr-{{[0-9a-f]+}}  lambda@explicit-object-parameter.cpp:[[#@LINE-3]]  OK
  // CHECK-NEXT: lambda@explicit-object-parameter.cpp:[[#@LINE-4]] [TOOL] OK {{[0-9.]+}} ms  in: {"n":3}  out: 6
  // CHECK-NEXT: └─ lambda@explicit-object-parameter.cpp:[[#@LINE-5]] [TOOL] OK {{[0-9.]+}} ms  in: {"n":2}  out: 2
  // CHECK-NEXT: └─ lambda@explicit-object-parameter.cpp:[[#@LINE-6]] [TOOL] OK {{[0-9.]+}} ms  in: {"n":1}  out: 1
  // CHECK-NOT: tr-
}
// REQUIRES: scoped-plugin-attributes, std-c++23
