// Annotated functions defined in a header (inline functions, members, templates) are traced in
// the translation unit that includes it; code.file.path names the header.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc -I %S/Inputs %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys, os; \
// RUN:   [print(s['name'], os.path.basename(json.loads(s['attributes']['code.file.path'])), s['attributes']['code.line.number']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s --check-prefix=WHERE
#include "geometry.h"

int main() {
  geometry::area(2, 3);
  // CHECK: tr-{{[0-9a-f]+}}  area  OK
  // CHECK-NEXT: area [TOOL] OK {{[0-9.]+}} ms  in: {"w":2.0,"h":3.0}  out: 6.0
  // WHERE: area geometry.h 9
  geometry::Circle{1}.circumference();
  // CHECK: tr-{{[0-9a-f]+}}  circumference  OK
  // CHECK-NEXT: circumference [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 6.0
  // WHERE-NEXT: circumference geometry.h 13
  geometry::perimeter(2, 5);
  // CHECK: tr-{{[0-9a-f]+}}  perimeter<int>  OK
  // CHECK-NEXT: perimeter<int> [TOOL] OK {{[0-9.]+}} ms  in: {"w":2,"h":5}  out: 14
  // WHERE-NEXT: perimeter<int> geometry.h 17
  // CHECK-NOT: tr-
}
