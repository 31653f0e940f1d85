// Arguments that are neither a span type, nor a string-literal span name, nor no_output are
// errors at the argument; so are empty or wide names and more than three arguments. The
// function gets no annotation.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr
// CHECK: TranslationUnitDecl

[[mlflow::trace(3)]] int number();
// expected-error@-1 {{invalid 'mlflow::trace' argument; expected a span type such as CHAIN, a "span name" string literal, or no_output}}

[[mlflow::trace(TOOL, 1 + 2)]] int expression();
// expected-error@-1 {{invalid 'mlflow::trace' argument; expected a span type such as CHAIN}}

[[mlflow::trace(TOOL, sizeof(int))]] int type_trait();
// expected-error@-1 {{invalid 'mlflow::trace' argument; expected a span type such as CHAIN}}

__attribute__((mlflow_trace(TOOL, 'c'))) int gnu_character();
// expected-error@-1 {{invalid 'mlflow_trace' argument; expected a span type such as CHAIN}}

constexpr const char* kName = "search_docs";
[[mlflow::trace(TOOL, kName)]] int name_in_variable();
// expected-error@-1 {{the span name in 'mlflow::trace' must be a string literal, not the variable 'kName'}}

[[mlflow::trace(TOOL, "")]] int empty_name();
// expected-error@-1 {{empty span name in 'mlflow::trace'; leave it out to name the span after the function}}

[[mlflow::trace(L"wide")]] int wide_name();
// expected-error@-1 {{the span name in 'mlflow::trace' must be an ordinary or u8 string literal}}

[[mlflow::trace(u"utf16")]] int utf16_name();
// expected-error@-1 {{the span name in 'mlflow::trace' must be an ordinary or u8 string literal}}

[[mlflow::trace("nul\0inside")]] int nul_in_name();
// expected-error@-1 {{the span name in 'mlflow::trace' contains a NUL character}}

[[mlflow::trace(TOOL, "search", no_output, "again")]] int four_arguments();
// expected-error@-1 {{'mlflow::trace' takes at most 3 arguments: a span type, a "span name" and no_output}}
// REQUIRES: scoped-plugin-attributes
