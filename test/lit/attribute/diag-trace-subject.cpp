// [[mlflow::trace]] on anything but a function is an error at the attribute: "'mlflow::trace'
// only applies to functions" (Clang's own wording for types and statements). A variable of
// deduced type gets a note on where a lambda takes the attribute. Nothing is recorded.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr
// CHECK: TranslationUnitDecl

[[mlflow::trace]] int variable;
// expected-error@-1 {{'mlflow::trace' only applies to functions}}

[[mlflow::trace(TOOL)]] auto lambda = [](int x) { return x; };
// expected-error@-1 {{'mlflow::trace' only applies to functions}}
// expected-note@-2 {{to trace a lambda, write the attribute after its introducer: [] [[mlflow::trace]] (...)}}

int (*function_pointer [[mlflow::trace]])(int);
// expected-error@-1 {{'mlflow::trace' only applies to functions}}

struct [[mlflow::trace]] Class {};
// expected-error@-1 {{'mlflow::trace' only applies to functions}}

template <class T> struct [[mlflow::trace(CHAIN)]] ClassTemplate {};
// expected-error@-1 {{'mlflow::trace' only applies to functions}}

struct Holder {
  [[mlflow::trace]] int field;
  // expected-error@-1 {{'mlflow::trace' only applies to functions}}
};

namespace [[mlflow::trace]] ns {}
// expected-error@-1 {{'mlflow::trace' only applies to functions}}

void parameter([[mlflow::trace]] int x);
// expected-error@-1 {{'mlflow::trace' only applies to functions}}

using Alias [[mlflow::trace]] = int(int);
// expected-error@-1 {{'mlflow::trace' only applies to functions}}

enum [[mlflow::trace]] Enum { Enumerator [[mlflow::trace]] };
// expected-error@-1 2 {{'mlflow::trace' only applies to functions}}

__attribute__((mlflow_trace(CHAIN))) int gnu_variable;
// expected-error@-1 {{'mlflow_trace' only applies to functions}}

int type_position() [[mlflow::trace]];
// expected-error@-1 {{'trace' attribute cannot be applied to types}}

void statement() {
  [[mlflow::trace]] return;
  // expected-error@-1 {{'trace' attribute cannot be applied to a statement}}
}

void local_variable() {
  [[mlflow::trace]] int x = 0;
  // expected-error@-1 {{'mlflow::trace' only applies to functions}}
  (void)x;
}
