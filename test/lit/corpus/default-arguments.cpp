// Corpus (issue 14): default arguments. A default is part of the call, not of the function, so a
// traced function records the value it received, whether passed or defaulted; a default with a
// side effect runs exactly once per call (a counter), with and without the plugin. Defaults on
// members, on a function template, added by a later redeclaration, and ones that name other
// parameters' types: each builds without a new diagnostic and computes the same.
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

static int ids_issued = 0;
int next_id() { return ++ids_issued; }

MLFLOW_TRACE(TOOL) int tag(int value, int id = next_id(), const std::string& label = "none") {
  return value * 100 + id + static_cast<int>(label.size());
}

// The second default comes from a later redeclaration.
int scale(int x, int factor);
MLFLOW_TRACE(TOOL) int scale(int x, int factor = 3);
int scale(int x, int factor) { return x * factor; }

struct Greeter {
  std::string greeting = "hello";
  MLFLOW_TRACE(CHAIN) std::string greet(const std::string& who = "world", int times = 1) const {
    std::string out;
    for (int i = 0; i < times; ++i)
      out += greeting + " " + who + ";";
    return out;
  }
};

template <class T>
MLFLOW_TRACE(TOOL) T clamp_to(T value, T hi = T(10)) {
  return value > hi ? hi : value;
}

int main() {
  int a = tag(1);
  std::printf("tag %d ids %d\n", a, ids_issued);
  // OUT: tag 105 ids 1
  // CHECK: tr-{{[0-9a-f]+}}  tag  OK
  // CHECK-NEXT: tag [TOOL] OK {{[0-9.]+}} ms  in: {"value":1,"id":1,"label":"none"}  out: 105
  int b = tag(2, 40);
  std::printf("tag %d ids %d\n", b, ids_issued);
  // OUT-NEXT: tag 244 ids 1
  // CHECK: tr-{{[0-9a-f]+}}  tag  OK
  // CHECK-NEXT: tag [TOOL] OK {{[0-9.]+}} ms  in: {"value":2,"id":40,"label":"none"}  out: 244
  int c = tag(3);
  std::printf("tag %d ids %d\n", c, ids_issued);
  // OUT-NEXT: tag 306 ids 2
  // CHECK: tr-{{[0-9a-f]+}}  tag  OK
  // CHECK-NEXT: tag [TOOL] OK {{[0-9.]+}} ms  in: {"value":3,"id":2,"label":"none"}  out: 306
  std::printf("scale %d %d\n", scale(2), scale(2, 5));
  // OUT-NEXT: scale 6 10
  // CHECK: tr-{{[0-9a-f]+}}  scale  OK
  // CHECK-NEXT: scale [TOOL] OK {{[0-9.]+}} ms  in: {"x":2,"factor":{{3|5}}}
  // CHECK: tr-{{[0-9a-f]+}}  scale  OK
  // CHECK-NEXT: scale [TOOL] OK {{[0-9.]+}} ms  in: {"x":2,"factor":{{3|5}}}
  Greeter g;
  std::printf("greet %s\n", g.greet().c_str());
  // OUT-NEXT: greet hello world;
  // CHECK: tr-{{[0-9a-f]+}}  greet  OK
  // CHECK-NEXT: greet [CHAIN] OK {{[0-9.]+}} ms  in: {"who":"world","times":1}  out: "hello world;"
  std::printf("greet %s\n", g.greet("bo", 2).c_str());
  // OUT-NEXT: greet hello bo;hello bo;
  // CHECK: tr-{{[0-9a-f]+}}  greet  OK
  // CHECK-NEXT: greet [CHAIN] OK {{[0-9.]+}} ms  in: {"who":"bo","times":2}  out: "hello bo;hello bo;"
  std::printf("clamp_to %d\n", clamp_to(42));
  // OUT-NEXT: clamp_to 10
  // CHECK: tr-{{[0-9a-f]+}}  clamp_to<int>  OK
  // CHECK-NEXT: clamp_to<int> [TOOL] OK {{[0-9.]+}} ms  in: {"value":42,"hi":10}  out: 10
  // CHECK-NOT: tr-
}
