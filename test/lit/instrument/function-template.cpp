// Each instantiation of an annotated function template is traced, and the span name tells the
// instantiations apart: twice<int>, twice<double>. Template arguments are named as Clang's
// diagnostics name deduced ones, without typedef sugar: std::string is std::basic_string<char>.
// The template itself is left alone.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <string>

template <class T>
MLFLOW_TRACE(TOOL) T twice(const T& x) {
  return x + x;
}

int main() {
  twice(21);
  // CHECK: tr-{{[0-9a-f]+}}  twice<int>  OK
  // CHECK-NEXT: twice<int> [TOOL] OK {{[0-9.]+}} ms  in: {"x":21}  out: 42
  twice(std::string("ab"));
  // CHECK: tr-{{[0-9a-f]+}}  twice<std::basic_string<char>>  OK
  // CHECK-NEXT: twice<std::basic_string<char>> [TOOL] OK {{[0-9.]+}} ms  in: {"x":"ab"}  out: "abab"
  twice<double>(1.25);
  // CHECK: tr-{{[0-9a-f]+}}  twice<double>  OK
  // CHECK-NEXT: twice<double> [TOOL] OK {{[0-9.]+}} ms  in: {"x":1.25}  out: 2.5
  // CHECK-NOT: tr-
}
