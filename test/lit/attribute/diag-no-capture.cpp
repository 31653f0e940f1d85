// [[mlflow::no_capture]] applies to function parameters only, and takes no arguments; anything
// else is an error at the attribute and records nothing.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr
// CHECK: TranslationUnitDecl

[[mlflow::no_capture]] void on_function(int key);
// expected-error@-1 {{'mlflow::no_capture' only applies to function parameters}}

[[mlflow::no_capture]] int variable;
// expected-error@-1 {{'mlflow::no_capture' only applies to function parameters}}

struct [[mlflow::no_capture]] Class {};
// expected-error@-1 {{'mlflow::no_capture' only applies to function parameters}}

struct Holder {
  [[mlflow::no_capture]] int field;
  // expected-error@-1 {{'mlflow::no_capture' only applies to function parameters}}
};

template <[[mlflow::no_capture]] int N> void template_parameter();
// expected-error@-1 {{an attribute list cannot appear here}}

void local_variable() {
  [[mlflow::no_capture]] int x = 0;
  // expected-error@-1 {{'mlflow::no_capture' only applies to function parameters}}
  (void)x;
}

__attribute__((mlflow_no_capture)) void gnu_on_function(int key);
// expected-error@-1 {{'mlflow_no_capture' only applies to function parameters}}

void with_argument([[mlflow::no_capture(true)]] int key);
// expected-error@-1 {{'mlflow::no_capture' takes no arguments}}

void gnu_with_argument(__attribute__((mlflow_no_capture(key))) int key);
// expected-error@-1 {{'mlflow_no_capture' takes no arguments}}
// REQUIRES: scoped-plugin-attributes
