// The GNU spellings __attribute__((mlflow_trace(...))) and __attribute__((mlflow_no_capture))
// take the same arguments and record the same annotations as the C++11 ones.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s
// expected-no-diagnostics

__attribute__((mlflow_trace)) int bare();
// CHECK-LABEL: FunctionDecl {{.*}} bare 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;;"{{$}}

__attribute__((mlflow_trace(CHAIN))) int type_only();
// CHECK-LABEL: FunctionDecl {{.*}} type_only 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;"{{$}}

__attribute__((mlflow_trace(TOOL, "search_docs", no_output))) int all_arguments();
// CHECK-LABEL: FunctionDecl {{.*}} all_arguments 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;no_output;search_docs"{{$}}

__attribute__((__mlflow_trace__(RETRIEVER))) int reserved_spelling();
// CHECK-LABEL: FunctionDecl {{.*}} reserved_spelling 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:RETRIEVER;;"{{$}}

int after_declarator() __attribute__((mlflow_trace(LLM)));
// CHECK-LABEL: FunctionDecl {{.*}} after_declarator 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:LLM;;"{{$}}

void secret_parameter(int id, __attribute__((mlflow_no_capture)) const char* key);
// CHECK-LABEL: FunctionDecl {{.*}} secret_parameter 'void (int, const char *)'
// CHECK-NEXT: ParmVarDecl {{.*}} id 'int'{{$}}
// CHECK-NEXT: ParmVarDecl {{.*}} key 'const char *'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}
