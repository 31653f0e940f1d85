// Member functions defined in the class: non-static, const and static members are traced like free
// functions. `this` is not an input; the span is named after the member, and code.function.name
// holds the qualified name.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], json.loads(s['attributes']['code.function.name'])) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s --check-prefix=QUALIFIED
#include <mlflow/trace.h>

#include <cstdlib>

namespace shop {
struct Cart {
  int total = 0;

  [[mlflow::trace(TOOL)]] int add(int price) {
    total += price;
    return total;
  }

  [[mlflow::trace]] int get() const { return total; }

  [[mlflow::trace(PARSER)]] static int parse(const char* text) { return std::atoi(text); }

  // Not annotated: no span.
  void clear() { total = 0; }
};
}  // namespace shop

int main() {
  shop::Cart cart;
  cart.add(shop::Cart::parse("40"));
  // CHECK: tr-{{[0-9a-f]+}}  parse  OK
  // CHECK-NEXT: parse [PARSER] OK {{[0-9.]+}} ms  in: {"text":"40"}  out: 40
  // CHECK: tr-{{[0-9a-f]+}}  add  OK
  // CHECK-NEXT: add [TOOL] OK {{[0-9.]+}} ms  in: {"price":40}  out: 40
  // QUALIFIED: parse shop::Cart::parse
  // QUALIFIED-NEXT: add shop::Cart::add
  cart.add(2);
  // CHECK: add [TOOL] OK {{[0-9.]+}} ms  in: {"price":2}  out: 42
  // QUALIFIED-NEXT: add shop::Cart::add
  const shop::Cart& view = cart;
  view.get();
  // CHECK: tr-{{[0-9a-f]+}}  get  OK
  // CHECK-NEXT: get [UNKNOWN] OK {{[0-9.]+}} ms  in: {}  out: 42
  // QUALIFIED-NEXT: get shop::Cart::get
  cart.clear();
  // CHECK-NOT: tr-
  // QUALIFIED-NOT: {{.}}
}
// REQUIRES: scoped-plugin-attributes
