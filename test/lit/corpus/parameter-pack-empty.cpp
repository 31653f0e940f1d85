// Corpus (issue 14): a function parameter pack with no elements. docs/annotating.md: "The
// elements of a parameter pack become one list, like Python's *args", and MLflow's Python
// decorator records an empty *args as an empty list. An instantiation with an empty pack has no
// parameter left to record; the plugin finds the pack in the template it was instantiated from
// and records it as [] (record_empty_pack), also after a named parameter.
// The program computes the same either way:
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstddef>
#include <cstdio>

template <class... Items>
MLFLOW_TRACE(TOOL) std::size_t count(const Items&... items) {
  return sizeof...(items);
}

template <class... Items>
MLFLOW_TRACE(TOOL) std::size_t labelled(const char* label, const Items&... items) {
  return sizeof...(items) + (label[0] == 'x');
}

int main() {
  std::printf("%zu\n", count());
  // CHECK: tr-{{[0-9a-f]+}}  count<>  OK
  // CHECK-NEXT: count<> [TOOL] OK {{[0-9.]+}} ms  in: {"items":[]}  out: 0
  std::printf("%zu\n", labelled("x"));
  // CHECK: tr-{{[0-9a-f]+}}  labelled<>  OK
  // CHECK-NEXT: labelled<> [TOOL] OK {{[0-9.]+}} ms  in: {"label":"x","items":[]}  out: 1
}
