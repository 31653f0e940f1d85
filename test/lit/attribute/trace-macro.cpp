// With the plugin loaded, MLFLOW_TRACE(...) and MLFLOW_NO_CAPTURE from <mlflow/attributes.h>
// expand to [[mlflow::trace(...)]] and [[mlflow::no_capture]] and record the same annotations;
// MLFLOW_CPP_DISABLE turns them off.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify \
// RUN:   -Xclang -ast-dump %s | FileCheck %s
// RUN: %clangxx -std=c++17 -E -P -fplugin=%plugin %rtinc -DMLFLOW_CPP_DISABLE %s \
// RUN:   | FileCheck %s --check-prefix=DISABLED
// expected-no-diagnostics
#include <mlflow/attributes.h>

#if !defined(MLFLOW_CPP_DISABLE) && !defined(MLFLOW_CPP_PLUGIN_ACTIVE)
#error "the plugin is loaded, so <mlflow/attributes.h> must see __has_cpp_attribute(mlflow::trace)"
#endif

MLFLOW_TRACE() int no_arguments();
// CHECK-LABEL: FunctionDecl {{.*}} no_arguments 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;;"{{$}}

MLFLOW_TRACE(CHAIN) int type_only();
// CHECK-LABEL: FunctionDecl {{.*}} type_only 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;"{{$}}

MLFLOW_TRACE(TOOL, "search_docs") int type_and_name();
// CHECK-LABEL: FunctionDecl {{.*}} type_and_name 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;search_docs"{{$}}

MLFLOW_TRACE(TOOL, "search_docs", no_output) int all_arguments();
// CHECK-LABEL: FunctionDecl {{.*}} all_arguments 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;no_output;search_docs"{{$}}

MLFLOW_TRACE(TOOL) int login(const char* user, MLFLOW_NO_CAPTURE const char* password);
// CHECK-LABEL: FunctionDecl {{.*}} login 'int (const char *, const char *)'
// CHECK-NEXT: ParmVarDecl {{.*}} user 'const char *'{{$}}
// CHECK-NEXT: ParmVarDecl {{.*}} password 'const char *'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;"{{$}}

// DISABLED-NOT: mlflow::
// DISABLED: int no_arguments();
// DISABLED: int all_arguments();
// DISABLED: int login(const char* user, const char* password);
// DISABLED-NOT: mlflow::
