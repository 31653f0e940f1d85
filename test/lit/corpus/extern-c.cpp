// Corpus (issue 14): functions with C language linkage, annotated in C++ and called from C code
// compiled as C. An `extern "C"` declaration annotated before its definition, functions in an
// `extern "C" { ... }` block, one taking a C struct and a `const char*` (read as a C string in an
// annotated function): they build without a new diagnostic, keep their unmangled symbols (the C
// translation unit links against them), compute the same with and without the plugin, and are
// traced when C calls them.
// RUN: rm -rf %t && split-file %s %t
// RUN: %clangxx -x c -std=c11 -Wall -Wextra -Werror -pedantic -c %t/main.c -o %t/main.o
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc -c %t/lib.cpp -o %t/lib.plain.o
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc -c %t/lib.cpp -o %t/lib.traced.o
// RUN: %clangxx %t/main.o %t/lib.plain.o %rtlib -o %t/plain
// RUN: %clangxx %t/main.o %t/lib.traced.o %rtlib -o %t/traced
// RUN: %t/plain > %t/plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/traces %t/traced > %t/traced.out
// RUN: diff %t/plain.out %t/traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t/plain.out
// RUN: %mlflow_cpp show --no-color %t/traces | FileCheck %s
// OUT: checksum 294
// CHECK: tr-{{[0-9a-f]+}}  c_checksum  OK
// CHECK-NEXT: c_checksum [TOOL] OK {{[0-9.]+}} ms  in: {"text":"abc"}  out: 294
// OUT-NEXT: scale 12
// CHECK: tr-{{[0-9a-f]+}}  c_scale  OK
// CHECK-NEXT: c_scale [TOOL] OK {{[0-9.]+}} ms  in: {"x":4,"factor":3}  out: 12
// OUT-NEXT: area 6
// CHECK: tr-{{[0-9a-f]+}}  c_area  OK
// CHECK-NEXT: c_area [CHAIN] OK {{[0-9.]+}} ms  in: {"rect":"<{{(struct )?}}c_rect>"}  out: 6
// CHECK-NEXT: └─ c_scale [TOOL] OK {{[0-9.]+}} ms  in: {"x":2,"factor":3}  out: 6
// CHECK-NOT: tr-

//--- api.h
#ifndef API_H
#define API_H
#ifdef __cplusplus
extern "C" {
#endif
struct c_rect {
  int w, h;
};
int c_checksum(const char* text);
int c_scale(int x, int factor);
int c_area(struct c_rect rect);
#ifdef __cplusplus
}
#endif
#endif

//--- main.c
#include <stdio.h>

#include "api.h"

int main(void) {
  struct c_rect rect = {2, 3};
  printf("checksum %d\n", c_checksum("abc"));
  printf("scale %d\n", c_scale(4, 3));
  printf("area %d\n", c_area(rect));
  return 0;
}

//--- lib.cpp
#include <mlflow/trace.h>

#include "api.h"

// Annotated on a C-linkage redeclaration; defined in an extern "C" block.
extern "C" MLFLOW_TRACE(TOOL) int c_checksum(const char* text);
extern "C" {
int c_checksum(const char* text) {
  int sum = 0;
  for (const char* p = text; *p; ++p)
    sum += *p;
  return sum;
}
MLFLOW_TRACE(TOOL) int c_scale(int x, int factor) { return x * factor; }
MLFLOW_TRACE(CHAIN) int c_area(struct c_rect rect) { return c_scale(rect.w, 3) / 3 * rect.h; }
}
