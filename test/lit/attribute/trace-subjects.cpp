// [[mlflow::trace]] applies to every kind of function declaration, and the annotation is
// inherited by later redeclarations and kept on templates.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s
// expected-no-diagnostics

[[mlflow::trace(CHAIN)]] int declared_twice(int);
int declared_twice(int);
// CHECK-LABEL: FunctionDecl {{.*}} declared_twice 'int (int)'
// CHECK: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;"{{$}}
// CHECK: FunctionDecl {{.*}} prev {{.*}} declared_twice 'int (int)'
// CHECK: AnnotateAttr {{.*}} Inherited "mlflow.trace:CHAIN;;"{{$}}

template <class T> [[mlflow::trace(TOOL)]] T twice(T);
// CHECK-LABEL: FunctionTemplateDecl {{.*}} twice
// CHECK: FunctionDecl {{.*}} twice 'T (T)'
// CHECK: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;"{{$}}

struct Agent {
  [[mlflow::trace(AGENT)]] Agent();
  [[mlflow::trace(AGENT, "teardown")]] ~Agent();
  [[mlflow::trace(TOOL)]] int method(int) const;
  [[mlflow::trace(TOOL)]] static int static_method();
  [[mlflow::trace(LLM)]] virtual int virtual_method();
  [[mlflow::trace(PARSER)]] int operator()(int);
  [[mlflow::trace(PARSER)]] explicit operator bool() const;
};
// CHECK-LABEL: CXXRecordDecl {{.*}} struct Agent definition
// CHECK: CXXConstructorDecl {{.*}} Agent 'void ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:AGENT;;"{{$}}
// CHECK: CXXDestructorDecl {{.*}} ~Agent 'void ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:AGENT;;teardown"{{$}}
// CHECK: CXXMethodDecl {{.*}} method 'int (int) const'
// CHECK: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;"{{$}}
// CHECK: CXXMethodDecl {{.*}} static_method 'int ()' static
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;"{{$}}
// CHECK: CXXMethodDecl {{.*}} virtual_method 'int ()' virtual
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:LLM;;"{{$}}
// CHECK: CXXMethodDecl {{.*}} operator() 'int (int)'
// CHECK: AnnotateAttr {{.*}} "mlflow.trace:PARSER;;"{{$}}
// CHECK: CXXConversionDecl {{.*}} operator bool 'bool () const'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:PARSER;;"{{$}}

namespace tools {
[[mlflow::trace(RETRIEVER)]] int in_namespace();
}
// CHECK-LABEL: NamespaceDecl {{.*}} tools
// CHECK-NEXT: FunctionDecl {{.*}} in_namespace 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:RETRIEVER;;"{{$}}

extern "C" [[mlflow::trace(EMBEDDING)]] int with_c_linkage();
// CHECK-LABEL: LinkageSpecDecl
// CHECK-NEXT: FunctionDecl {{.*}} with_c_linkage 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:EMBEDDING;;"{{$}}
// REQUIRES: scoped-plugin-attributes
