// The annotation on a declaration carries over to the definition written elsewhere: an
// out-of-line member definition, a namespace function defined outside its namespace, and a
// function whose annotated redeclaration comes between a plain declaration and the definition.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

namespace store {
MLFLOW_TRACE(RETRIEVER) int lookup(int key);

struct Index {
  int offset = 1;
  MLFLOW_TRACE(RETRIEVER) int find(int key) const;
  MLFLOW_TRACE(PARSER) static int normalize(int key);
};
}  // namespace store

int score(int hits);
MLFLOW_TRACE(RERANKER) int score(int hits);

int store::lookup(int key) { return key * 10; }
int store::Index::find(int key) const { return lookup(normalize(key)) + offset; }
int store::Index::normalize(int key) { return key < 0 ? -key : key; }
int score(int hits) { return hits * 2; }

int main() {
  store::Index index;
  index.find(-4);
  // CHECK: tr-{{[0-9a-f]+}}  find  OK
  // CHECK-NEXT: find [RETRIEVER] OK {{[0-9.]+}} ms  in: {"key":-4}  out: 41
  // CHECK-NEXT: ├─ normalize [PARSER] OK {{[0-9.]+}} ms  in: {"key":-4}  out: 4
  // CHECK-NEXT: └─ lookup [RETRIEVER] OK {{[0-9.]+}} ms  in: {"key":4}  out: 40
  score(3);
  // CHECK: tr-{{[0-9a-f]+}}  score  OK
  // CHECK-NEXT: score [RERANKER] OK {{[0-9.]+}} ms  in: {"hits":3}  out: 6
  // CHECK-NOT: tr-
}
