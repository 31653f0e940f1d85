// The inserted statements carry the location of the body's `{` (line 15 below), and the user's
// statements keep their own (lines 16-17), so debug info and diagnostics point at the user's
// lines: in the AST, and in the DWARF of a -g build (the site constant and the span variable are
// declared on the `{` line).
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-dump \
// RUN:   -Xclang -ast-dump-filter=traced_add %s | FileCheck %s
// RUN: %clangxx -std=c++17 -g -O0 -c -fplugin=%plugin %rtinc %s -o %t.o
// RUN: llvm-dwarfdump --debug-info --name=traced_add --show-children %t.o | FileCheck %s --check-prefix=DWARF
#include <mlflow/trace.h>

int combine(int a, int b);  // may throw: the body gets a try/catch
// Line 13 (the function), 15 (its `{`):
MLFLOW_TRACE(TOOL) int traced_add(int a,
                                  int b)
{
  int c = combine(a, b);
  return c;
}

// CHECK-LABEL: FunctionDecl {{.*}} traced_add 'int (int, int)'
// CHECK: CompoundStmt {{.*}} <line:15:1, line:18:1>
// CHECK-NEXT: DeclStmt {{.*}} <line:15:1>
// CHECK-NEXT: VarDecl {{.*}} <col:1> col:1 used __mlflow_site 'const mlflow::detail::FunctionSite' static constexpr
// CHECK: DeclStmt {{.*}} <col:1>
// CHECK-NEXT: VarDecl {{.*}} <col:1> col:1 used __mlflow_span 'mlflow::detail::FunctionSpan'
// (The span's constructor has a default argument, written in prelude.h: after it the dump spells
// the file out again.)
// CHECK: IfStmt {{.*}} <{{col:1|.*debug-info.cpp:15:1}}>
// CHECK: DeclRefExpr {{.*}} 'recording'
// CHECK: CallExpr {{.*}} <col:1> 'void'
// CHECK: DeclRefExpr {{.*}} 'record_arg'
// CHECK: CallExpr {{.*}} <col:1> 'void'
// CHECK: DeclRefExpr {{.*}} 'record_arg'
// CHECK: CXXTryStmt {{.*}} <col:1>
// CHECK-NEXT: CompoundStmt {{.*}} <col:1, line:18:1>
// CHECK-NEXT: DeclStmt {{.*}} <line:16:3, col:24>
// CHECK: CompoundStmt {{.*}} <line:17:3, col:10>
// CHECK-NEXT: CallExpr {{.*}} <col:10> 'int' lvalue
// CHECK: DeclRefExpr {{.*}} 'record_return'
// CHECK: ReturnStmt {{.*}} <col:3, col:10>
// CHECK: CXXCatchStmt {{.*}} <line:15:1>

int combine(int a, int b) { return a + b; }

// DWARF: DW_TAG_subprogram
// DWARF: DW_AT_name ("traced_add")
// DWARF: DW_AT_decl_line (13)
// DWARF: DW_TAG_variable
// DWARF: DW_AT_name ("__mlflow_site")
// DWARF: DW_AT_decl_line (15)
// DWARF: DW_TAG_variable
// DWARF: DW_AT_name ("__mlflow_span")
// DWARF: DW_AT_decl_line (15)
// DWARF: DW_TAG_variable
// DWARF: DW_AT_name ("c")
// DWARF: DW_AT_decl_line (16)
