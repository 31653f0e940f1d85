// On a lambda, the attribute goes after the introducer and lands on the call operator (of the
// generic lambda's template pattern, too). Before C++23 Clang calls that position an extension.
// RUN: %clangxx -std=c++23 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify=cxx23 \
// RUN:   -Xclang -ast-dump -Xclang -ast-dump-filter=traced_ %s | FileCheck %s
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify=cxx17 %s
// cxx23-no-diagnostics
#include <mlflow/trace.h>

// cxx17-warning@+1 {{an attribute specifier sequence in this position is a C++23 extension}}
auto traced_plain = [] [[mlflow::trace(TOOL, no_output)]] (int x) { return x + 1; };
// CHECK-LABEL: VarDecl {{.*}} traced_plain
// CHECK: CXXMethodDecl {{.*}} operator() 'int (int) const'
// CHECK: AnnotateAttr {{.*}} "mlflow.trace:TOOL;no_output;"{{$}}

// cxx17-warning@+1 {{an attribute specifier sequence in this position is a C++23 extension}}
auto traced_generic = [] [[mlflow::trace(CHAIN, "generic")]] (auto x) { return x; };
// CHECK-LABEL: VarDecl {{.*}} traced_generic
// CHECK: FunctionTemplateDecl {{.*}} operator()
// CHECK: CXXMethodDecl {{.*}} operator() 'auto (auto) const'
// CHECK: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;generic"{{$}}
// REQUIRES: scoped-plugin-attributes, std-c++23
