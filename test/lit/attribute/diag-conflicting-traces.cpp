// Two different [[mlflow::trace]] requests on one declaration are an error at the second, with
// a note at the first; the first one stays recorded. (The same request twice is fine:
// trace-argument-forms.cpp.)
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr

[[mlflow::trace(CHAIN)]] [[mlflow::trace(TOOL)]] int two_types();
// expected-note@-1 {{the other one is here}}
// expected-error@-2 {{conflicting 'mlflow::trace' attributes on the same declaration}}
// CHECK-LABEL: FunctionDecl {{.*}} two_types 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;"{{$}}

[[mlflow::trace(TOOL, "a"), mlflow::trace(TOOL, "b")]] int two_names();
// expected-note@-1 {{the other one is here}}
// expected-error@-2 {{conflicting 'mlflow::trace' attributes on the same declaration}}
// CHECK-LABEL: FunctionDecl {{.*}} two_names 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;a"{{$}}

[[mlflow::trace(LLM, no_output)]] __attribute__((mlflow_trace(LLM))) int cxx11_and_gnu();
// expected-note@-1 {{the other one is here}}
// expected-error@-2 {{conflicting 'mlflow_trace' attributes on the same declaration}}
// CHECK-LABEL: FunctionDecl {{.*}} cxx11_and_gnu 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:LLM;no_output;"{{$}}
// REQUIRES: scoped-plugin-attributes
