// Corpus (issue 14): the attribute on one declaration of a function and not on another. On the
// declaration only, on the definition only (after a plain declaration, and after a call that
// used the plain declaration), on both, on a friend (declared in the class and defined outside,
// and a hidden friend defined in the class), on an out-of-line member definition only, and on
// the declaration of a function template defined later: each builds without a new diagnostic,
// computes the same with and without the plugin, and is traced once per call, with the
// parameter names of the definition.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

// On the declaration only; the definition (other parameter names) is plain.
MLFLOW_TRACE(TOOL) int declared(int);
int declared(int x) { return x + 1; }

// On the definition only, after a plain declaration that a function uses before it.
int defined(int);
int early_caller(int v) { return defined(v) * 10; }
MLFLOW_TRACE(PARSER) int defined(int y) { return y - 1; }

// On both, with the same arguments; and a redeclaration in between without it.
MLFLOW_TRACE(TASK) int both(int z);
int both(int z);
MLFLOW_TRACE(TASK) int both(int z) { return z * z; }

// A friend declaration that is not a definition takes no [[...]] attribute (C++ forbids it), so
// the friend below uses the GNU spelling, which only exists with the plugin.
#ifdef MLFLOW_CPP_PLUGIN_ACTIVE
#define GNU_TRACE(...) __attribute__((mlflow_trace(__VA_ARGS__)))
#else
#define GNU_TRACE(...)
#endif

class Box {
 public:
  explicit Box(int v) : v_(v) {}
  // A friend: annotated here, defined outside the class.
  friend int peek(const Box& box) GNU_TRACE(RETRIEVER);
  // A hidden friend defined in the class (found by argument-dependent lookup only).
  MLFLOW_TRACE(MEMORY) friend int open(const Box& box) { return box.v_ + 100; }
  // A member annotated on its out-of-line definition only, and one on its declaration only.
  int area(int w) const;
  MLFLOW_TRACE(TOOL) int volume(int w, int h) const;

 private:
  int v_;
};

int peek(const Box& box) { return box.v_; }
MLFLOW_TRACE(CHAIN) int Box::area(int w) const { return v_ * w; }
int Box::volume(int w, int h) const { return area(w) * h; }

// A function template annotated on its declaration, defined later.
template <class T>
MLFLOW_TRACE(EMBEDDING) T half(T value);
template <class T>
T half(T value) {
  return value / 2;
}

int main() {
  std::printf("declared %d\n", declared(1));
  // OUT: declared 2
  // CHECK: tr-{{[0-9a-f]+}}  declared  OK
  // CHECK-NEXT: declared [TOOL] OK {{[0-9.]+}} ms  in: {"x":1}  out: 2
  std::printf("early_caller %d\n", early_caller(5));
  // OUT-NEXT: early_caller 40
  // CHECK: tr-{{[0-9a-f]+}}  defined  OK
  // CHECK-NEXT: defined [PARSER] OK {{[0-9.]+}} ms  in: {"y":5}  out: 4
  std::printf("both %d\n", both(3));
  // OUT-NEXT: both 9
  // CHECK: tr-{{[0-9a-f]+}}  both  OK
  // CHECK-NEXT: both [TASK] OK {{[0-9.]+}} ms  in: {"z":3}  out: 9
  Box box(7);
  std::printf("peek %d\n", peek(box));
  // OUT-NEXT: peek 7
  // CHECK: tr-{{[0-9a-f]+}}  peek  OK
  // CHECK-NEXT: peek [RETRIEVER] OK {{[0-9.]+}} ms  in: {"box":"<Box>"}  out: 7
  std::printf("open %d\n", open(box));
  // OUT-NEXT: open 107
  // CHECK: tr-{{[0-9a-f]+}}  open  OK
  // CHECK-NEXT: open [MEMORY] OK {{[0-9.]+}} ms  in: {"box":"<Box>"}  out: 107
  std::printf("volume %d\n", box.volume(2, 3));
  // OUT-NEXT: volume 42
  // CHECK: tr-{{[0-9a-f]+}}  volume  OK
  // CHECK-NEXT: volume [TOOL] OK {{[0-9.]+}} ms  in: {"w":2,"h":3}  out: 42
  // CHECK-NEXT: └─ area [CHAIN] OK {{[0-9.]+}} ms  in: {"w":2}  out: 14
  std::printf("half %d\n", half(9));
  // OUT-NEXT: half 4
  // CHECK: tr-{{[0-9a-f]+}}  half<int>  OK
  // CHECK-NEXT: half<int> [EMBEDDING] OK {{[0-9.]+}} ms  in: {"value":9}  out: 4
  std::printf("half %.2f\n", half(9.0));
  // OUT-NEXT: half 4.50
  // CHECK: tr-{{[0-9a-f]+}}  half<double>  OK
  // CHECK-NEXT: half<double> [EMBEDDING] OK {{[0-9.]+}} ms  in: {"value":9.0}  out: 4.5
  // CHECK-NOT: tr-
}
