// The unscoped spellings [[trace]] and [[no_capture]] exist only so that Clang 19 parses the
// arguments of [[mlflow::trace(...)]] (Clang drops the arguments of an unknown scoped attribute;
// see "Known limits" in plugin/MlflowTracePlugin.cpp). Written by themselves
// they are warned about, with the scoped name suggested, and ignored: nothing is recorded, and
// their arguments are not checked (they may be someone else's attribute). Other scopes stay
// unknown attributes.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr
// CHECK: TranslationUnitDecl

[[trace]] int bare();
// expected-warning@-1 {{unknown attribute 'trace' ignored; did you mean 'mlflow::trace'?}}

[[trace(CHAIN)]] int with_type();
// expected-warning@-1 {{unknown attribute 'trace' ignored; did you mean 'mlflow::trace'?}}

[[trace(level, 3, "anything")]] int foreign_arguments();
// expected-warning@-1 {{unknown attribute 'trace' ignored; did you mean 'mlflow::trace'?}}

[[trace]] int not_a_function;
// expected-warning@-1 {{unknown attribute 'trace' ignored; did you mean 'mlflow::trace'?}}

void parameter([[no_capture]] int key);
// expected-warning@-1 {{unknown attribute 'no_capture' ignored; did you mean 'mlflow::no_capture'?}}

[[other::trace(CHAIN, verbose)]] int other_scope();
// expected-warning@-1 {{unknown attribute 'trace' ignored}}
