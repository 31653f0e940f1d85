// Without the plugin, [[mlflow::trace(...)]] is only Clang's standard unknown-attribute warning,
// and MLFLOW_TRACE(...) and MLFLOW_NO_CAPTURE from <mlflow/attributes.h> expand to nothing, so annotated code builds
// warning-free with a plain clang++.
// RUN: rm -rf %t && split-file %s %t
// RUN: %clangxx -std=c++17 -fsyntax-only -Xclang -verify %t/raw-attribute.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -Wall -Wextra -Wpedantic -Werror %rtinc %t/macro.cpp
// RUN: %clangxx -std=c++17 -E -P %rtinc %t/macro.cpp | FileCheck %t/macro.cpp

//--- raw-attribute.cpp
[[mlflow::trace(CHAIN)]] int f(); // expected-warning {{unknown attribute 'trace' ignored}}
__attribute__((mlflow_trace(TOOL))) int g(); // expected-warning {{unknown attribute 'mlflow_trace' ignored}}
void h([[mlflow::no_capture]] int key); // expected-warning {{unknown attribute 'no_capture' ignored}}

//--- macro.cpp
#include <mlflow/attributes.h>

#ifdef MLFLOW_CPP_PLUGIN_ACTIVE
#error "no plugin is loaded"
#endif

MLFLOW_TRACE() int no_arguments();
MLFLOW_TRACE(CHAIN) int type_only();
MLFLOW_TRACE(TOOL, "search_docs") int type_and_name();
MLFLOW_TRACE(TOOL, "search_docs", no_output) int all_arguments();
MLFLOW_TRACE(TOOL) int login(const char* user, MLFLOW_NO_CAPTURE const char* password);

// CHECK-NOT: mlflow
// CHECK: {{^ *}}int no_arguments();
// CHECK-NEXT: {{^ *}}int type_only();
// CHECK-NEXT: {{^ *}}int type_and_name();
// CHECK-NEXT: {{^ *}}int all_arguments();
// CHECK-NEXT: {{^ *}}int login(const char* user, const char* password);
// CHECK-NOT: mlflow
