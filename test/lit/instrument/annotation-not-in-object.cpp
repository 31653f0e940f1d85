// Once a function is instrumented, its trace annotation is dropped before code generation: it
// would otherwise become an llvm.global.annotations entry, which keeps an inline function, a
// template instantiation or a lambda in the object file even where every call to it is inlined.
// The AST (-ast-dump, -ast-print, a PCH) keeps the annotation (attribute/trace-subjects.cpp).
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm -fplugin=%plugin %rtinc %s -o - | FileCheck %s
#include <mlflow/trace.h>

struct Counter {
  int base = 1;
  MLFLOW_TRACE(TOOL) int next(int step) const { return base + step; }
};

template <class T>
MLFLOW_TRACE(TOOL) T twice(T x) {
  return x + x;
}

MLFLOW_TRACE(CHAIN) int run(int n) {
  auto add = [] MLFLOW_TRACE(TOOL) (int a, int b) { return a + b; };
  return add(Counter().next(n), twice(n));
}

// CHECK: define {{.*}}@_Z3runi(
// CHECK-NOT: llvm.global.annotations
// CHECK-NOT: mlflow.trace:
// REQUIRES: scoped-plugin-attributes
