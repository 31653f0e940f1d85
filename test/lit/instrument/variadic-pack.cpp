// A function parameter pack is one input: the list of its elements in call order, like Python's
// *args, whatever the number of elements. Named parameters before it stay inputs of their own.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstddef>
#include <string>

template <class... Items>
MLFLOW_TRACE(TOOL) std::size_t count(const char* label, const Items&... items) {
  (void)label;
  return sizeof...(items);
}

int main() {
  count("three", 1, std::string("two"), 3.5);
  // CHECK: tr-{{[0-9a-f]+}}  count<int, std::basic_string<char>, double>  OK
  // CHECK-NEXT: count<int, std::basic_string<char>, double> [TOOL] OK {{[0-9.]+}} ms  in: {"label":"three","items":[1,"two",3.5]}  out: 3
  count("two", 'a', 'b');
  // CHECK: tr-{{[0-9a-f]+}}  count<char, char>  OK
  // CHECK-NEXT: count<char, char> [TOOL] OK {{[0-9.]+}} ms  in: {"label":"two","items":["a","b"]}  out: 2
  count("one", 7);
  // CHECK: tr-{{[0-9a-f]+}}  count<int>  OK
  // CHECK-NEXT: count<int> [TOOL] OK {{[0-9.]+}} ms  in: {"label":"one","items":[7]}  out: 1
  // CHECK-NOT: tr-
}
