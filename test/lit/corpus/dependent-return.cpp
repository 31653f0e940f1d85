// Corpus (issue 14): return types that depend on the template arguments or are deduced. A
// trailing `-> decltype(a + b)`, a `typename T::type`, an `auto` deduced from the body, a
// `-> decltype(c.size())` that takes part in overload resolution (SFINAE), and `decltype(auto)`
// returning a reference (with parentheses and through a subscript) or a value. Each builds without
// a new diagnostic, computes the same with and without the plugin, a returned reference is the
// very object (its address and writes through it are printed), and every call is traced with its
// output.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>
#include <vector>

template <class A, class B>
MLFLOW_TRACE(TOOL) auto add(A a, B b) -> decltype(a + b) {
  return a + b;
}

struct Meters {
  using type = double;
  static constexpr double scale = 0.5;
};
template <class Unit>
MLFLOW_TRACE(TOOL) typename Unit::type convert(typename Unit::type raw) {
  return raw * Unit::scale;
}

MLFLOW_TRACE(TOOL) auto deduced(int x) { return x * 1.5; }

// Chosen only for types with a size(); the other overload is not traced.
template <class C>
MLFLOW_TRACE(TOOL) auto length(const C& c) -> decltype(c.size()) {
  return c.size();
}
long length(long n) { return n; }

// decltype(auto): (parenthesized member) is an lvalue reference, v[i] is one too, a plain
// expression is a value.
struct Holder {
  std::string name = "holder";
  MLFLOW_TRACE(MEMORY) decltype(auto) ref() { return (name); }
};
template <class C>
MLFLOW_TRACE(MEMORY) decltype(auto) at(C& c, std::size_t i) {
  return c[i];
}
template <class C>
MLFLOW_TRACE(MEMORY) decltype(auto) count(const C& c) {
  return c.size() + 0;
}

int main() {
  std::printf("add %.2f\n", add(2, 0.25));
  // OUT: add 2.25
  // CHECK: tr-{{[0-9a-f]+}}  add<int, double>  OK
  // CHECK-NEXT: add<int, double> [TOOL] OK {{[0-9.]+}} ms  in: {"a":2,"b":0.25}  out: 2.25
  std::printf("add %s\n", add(std::string("a"), "b").c_str());
  // OUT-NEXT: add ab
  // CHECK: tr-{{[0-9a-f]+}}  add<std::basic_string<char>, const char *>  OK
  // CHECK-NEXT: add<std::basic_string<char>, const char *> [TOOL] OK {{[0-9.]+}} ms  in: {"a":"a","b":"b"}  out: "ab"
  std::printf("convert %.2f\n", convert<Meters>(3.0));
  // OUT-NEXT: convert 1.50
  // CHECK: tr-{{[0-9a-f]+}}  convert<Meters>  OK
  // CHECK-NEXT: convert<Meters> [TOOL] OK {{[0-9.]+}} ms  in: {"raw":3.0}  out: 1.5
  std::printf("deduced %.2f\n", deduced(3));
  // OUT-NEXT: deduced 4.50
  // CHECK: tr-{{[0-9a-f]+}}  deduced  OK
  // CHECK-NEXT: deduced [TOOL] OK {{[0-9.]+}} ms  in: {"x":3}  out: 4.5
  std::vector<int> v = {4, 5, 6};
  std::printf("length %zu %ld\n", length(v), length(9L));
  // OUT-NEXT: length 3 9
  // CHECK: tr-{{[0-9a-f]+}}  length<std::vector<int>>  OK
  // CHECK-NEXT: length<std::vector<int>> [TOOL] OK {{[0-9.]+}} ms  in: {"c":[4,5,6]}  out: 3
  Holder holder;
  std::string& name = holder.ref();
  name += "!";
  std::printf("ref same object %d, name %s\n", &name == &holder.name, holder.name.c_str());
  // OUT-NEXT: ref same object 1, name holder!
  // CHECK: tr-{{[0-9a-f]+}}  ref  OK
  // CHECK-NEXT: ref [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: "holder"
  int& second = at(v, 1);
  second = 50;
  std::printf("at same object %d, v[1] %d\n", &second == &v[1], v[1]);
  // OUT-NEXT: at same object 1, v[1] 50
  // CHECK: tr-{{[0-9a-f]+}}  at<std::vector<int>>  OK
  // CHECK-NEXT: at<std::vector<int>> [MEMORY] OK {{[0-9.]+}} ms  in: {"c":[4,5,6],"i":1}  out: 5
  auto n = count(v);
  static_assert(std::is_same<decltype(count(v)), std::size_t>::value, "a value, not a reference");
  std::printf("count %zu\n", n);
  // OUT-NEXT: count 3
  // CHECK: tr-{{[0-9a-f]+}}  count<std::vector<int>>  OK
  // CHECK-NEXT: count<std::vector<int>> [MEMORY] OK {{[0-9.]+}} ms  in: {"c":[4,50,6]}  out: 3
  // CHECK-NOT: tr-
}
