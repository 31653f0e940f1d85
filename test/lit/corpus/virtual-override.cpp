// Corpus (issue 14): virtual functions. An annotated override of a pure virtual function, a final
// override, an override with a covariant return type (Derived* for Base*), a virtual called from
// a traced base member (dispatching to the traced override: nested spans), and calls through
// base references and pointers. Each builds without a new diagnostic (-Wall -Wextra includes
// -Woverloaded-virtual and -Wsuggest-override is added), computes the same with and without the
// plugin, and the override that ran is traced under its own span type (a returned pointer is
// recorded as its type and address).
// RUN: %clangxx -std=c++17 -Wall -Wextra -Wsuggest-override -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Wsuggest-override -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <memory>
#include <string>

struct Node {
  virtual ~Node() = default;
  virtual int eval(int x) const = 0;
  virtual Node* clone() const = 0;
  MLFLOW_TRACE(CHAIN) int twice_eval(int x) const { return eval(eval(x)); }
};

struct AddOne : Node {
  MLFLOW_TRACE(TOOL) int eval(int x) const override { return x + 1; }
  MLFLOW_TRACE(MEMORY) AddOne* clone() const override { return new AddOne(*this); }
};

struct Square final : Node {
  MLFLOW_TRACE(PARSER) int eval(int x) const final { return x * x; }
  Square* clone() const override { return new Square(*this); }
};

int run(const Node& n, int x) { return n.eval(x); }

int main() {
  AddOne add;
  Square sq;
  std::printf("run %d %d\n", run(add, 1), run(sq, 3));
  // OUT: run 2 9
  // CHECK-DAG: eval [TOOL] OK {{[0-9.]+}} ms  in: {"x":1}  out: 2
  // CHECK-DAG: eval [PARSER] OK {{[0-9.]+}} ms  in: {"x":3}  out: 9
  std::printf("twice_eval %d\n", sq.twice_eval(2));
  // OUT-NEXT: twice_eval 16
  // CHECK: tr-{{[0-9a-f]+}}  twice_eval  OK
  // CHECK-NEXT: twice_eval [CHAIN] OK {{[0-9.]+}} ms  in: {"x":2}  out: 16
  // CHECK-NEXT: ├─ eval [PARSER] OK {{[0-9.]+}} ms  in: {"x":2}  out: 4
  // CHECK-NEXT: └─ eval [PARSER] OK {{[0-9.]+}} ms  in: {"x":4}  out: 16
  std::unique_ptr<AddOne> copy(add.clone());
  const Node& base = *copy;
  std::unique_ptr<Node> copy2(base.clone());
  std::printf("clone %d %d\n", copy->eval(10), run(*copy2, 20));
  // OUT-NEXT: clone 11 21
  // CHECK: tr-{{[0-9a-f]+}}  clone  OK
  // CHECK-NEXT: clone [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: "<AddOne * 0x{{[0-9a-f]+}}>"
  // CHECK: tr-{{[0-9a-f]+}}  clone  OK
  // CHECK-NEXT: clone [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: "<AddOne * 0x{{[0-9a-f]+}}>"
  // CHECK-DAG: eval [TOOL] OK {{[0-9.]+}} ms  in: {"x":10}  out: 11
  // CHECK-DAG: eval [TOOL] OK {{[0-9.]+}} ms  in: {"x":20}  out: 21
  std::unique_ptr<Node> sq2(sq.clone());
  std::printf("untraced clone %d\n", run(*sq2, 5));
  // OUT-NEXT: untraced clone 25
  // CHECK: tr-{{[0-9a-f]+}}  eval  OK
  // CHECK-NEXT: eval [PARSER] OK {{[0-9.]+}} ms  in: {"x":5}  out: 25
  // CHECK-NOT: tr-
}
