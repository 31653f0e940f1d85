// Corpus (issue 14): functions returning references and arrays by reference or pointer, the
// declarator forms `int (&row(...))[3]` and `int (*row_ptr(...))[3]` and a trailing-return
// alias, and one taking an array by reference. The returned reference or pointer designates the
// very array (writes through it show in the program's output, identical with and without the
// plugin), nothing new is diagnosed, and each call is traced: an array (by reference) is
// recorded as a list, a pointer to one as its type and address, a char array as its text.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>

struct Grid {
  int cells[2][3] = {{1, 2, 3}, {4, 5, 6}};
};

MLFLOW_TRACE(MEMORY) int (&row(Grid& g, int i))[3] { return g.cells[i]; }
MLFLOW_TRACE(MEMORY) int (*row_ptr(Grid& g, int i))[3] { return &g.cells[i]; }
using Row = int[3];
MLFLOW_TRACE(MEMORY) auto last_row(Grid& g) -> Row& { return g.cells[1]; }
MLFLOW_TRACE(TOOL) int sum(const int (&values)[3]) { return values[0] + values[1] + values[2]; }
MLFLOW_TRACE(TOOL) const char (&label())[6] {
  static const char text[6] = "hello";
  return text;
}

int main() {
  Grid g;
  int(&r)[3] = row(g, 0);
  r[1] = 20;
  std::printf("row same %d, cells[0][1] %d\n", &r == &g.cells[0], g.cells[0][1]);
  // OUT: row same 1, cells[0][1] 20
  // CHECK: tr-{{[0-9a-f]+}}  row  OK
  // CHECK-NEXT: row [MEMORY] OK {{[0-9.]+}} ms  in: {"g":"<Grid>","i":0}  out: [1,2,3]
  int(*p)[3] = row_ptr(g, 1);
  (*p)[0] = 40;
  std::printf("row_ptr same %d, cells[1][0] %d\n", p == &g.cells[1], g.cells[1][0]);
  // OUT-NEXT: row_ptr same 1, cells[1][0] 40
  // CHECK: tr-{{[0-9a-f]+}}  row_ptr  OK
  // CHECK-NEXT: row_ptr [MEMORY] OK {{[0-9.]+}} ms  in: {"g":"<Grid>","i":1}  out: "<int (*)[3] 0x{{[0-9a-f]+}}>"
  Row& last = last_row(g);
  std::printf("last_row same %d, sum %d\n", &last == &g.cells[1], sum(last));
  // OUT-NEXT: last_row same 1, sum 51
  // CHECK: tr-{{[0-9a-f]+}}  last_row  OK
  // CHECK-NEXT: last_row [MEMORY] OK {{[0-9.]+}} ms  in: {"g":"<Grid>"}  out: [40,5,6]
  // CHECK: tr-{{[0-9a-f]+}}  sum  OK
  // CHECK-NEXT: sum [TOOL] OK {{[0-9.]+}} ms  in: {"values":[40,5,6]}  out: 51
  std::printf("label %s %zu\n", label(), sizeof(label()));
  // OUT-NEXT: label hello 6
  // CHECK: tr-{{[0-9a-f]+}}  label  OK
  // CHECK-NEXT: label [TOOL] OK {{[0-9.]+}} ms  in: {}  out: "hello"
  // CHECK-NOT: tr-
}
