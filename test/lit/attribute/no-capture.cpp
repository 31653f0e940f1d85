// [[mlflow::no_capture]] on a parameter records the AnnotateAttr "mlflow.no_capture" on that
// parameter only: free functions, members, constructors, lambdas.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s
// expected-no-diagnostics

[[mlflow::trace(TOOL)]] int login(const char* user, [[mlflow::no_capture]] const char* password);
// CHECK-LABEL: FunctionDecl {{.*}} login 'int (const char *, const char *)'
// CHECK-NEXT: ParmVarDecl {{.*}} user 'const char *'{{$}}
// CHECK-NEXT: ParmVarDecl {{.*}} password 'const char *'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;"{{$}}

void both([[mlflow::no_capture]] int a, [[mlflow::no_capture, mlflow::no_capture]] int b);
// CHECK-LABEL: FunctionDecl {{.*}} both 'void (int, int)'
// CHECK-NEXT: ParmVarDecl {{.*}} a 'int'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}
// CHECK-NEXT: ParmVarDecl {{.*}} b 'int'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}
// CHECK-NOT: AnnotateAttr
// CHECK-LABEL: CXXRecordDecl {{.*}} struct Client definition

struct Client {
  Client([[mlflow::no_capture]] const char* api_key);
  int ask(const char* question, [[mlflow::no_capture]] int session) const;
};
// CHECK-LABEL: CXXConstructorDecl {{.*}} Client 'void (const char *)'
// CHECK-NEXT: ParmVarDecl {{.*}} api_key 'const char *'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}
// CHECK-LABEL: CXXMethodDecl {{.*}} ask 'int (const char *, int) const'
// CHECK-NEXT: ParmVarDecl {{.*}} question 'const char *'{{$}}
// CHECK-NEXT: ParmVarDecl {{.*}} session 'int'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}

auto lambda = []([[mlflow::no_capture]] int token) { return token; };
// CHECK-LABEL: VarDecl {{.*}} lambda
// CHECK: CXXMethodDecl {{.*}} operator() 'int (int) const'
// CHECK-NEXT: ParmVarDecl {{.*}} token 'int'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.no_capture"{{$}}
// REQUIRES: scoped-plugin-attributes
