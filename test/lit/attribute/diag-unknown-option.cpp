// A bare word after the span type that is not no_output is an unknown option: an error at the
// word, with a suggestion for a near miss. Declared names (a template parameter here) are read
// by their spelling too. The function gets no annotation.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr
// CHECK: TranslationUnitDecl

[[mlflow::trace(TOOL, "search_docs", sideways)]] int unknown_option();
// expected-error@-1 {{unknown 'mlflow::trace' option 'sideways'; expected no_output (a span type comes first, a span name is a string literal)}}

[[mlflow::trace(TOOL, no_ouptut)]] int misspelled_option();
// expected-error@-1 {{unknown 'mlflow::trace' option 'no_ouptut'; did you mean 'no_output'?}}

[[mlflow::trace(TOOL, NO_OUTPUT)]] int option_in_upper_case();
// expected-error@-1 {{unknown 'mlflow::trace' option 'NO_OUTPUT'; did you mean 'no_output'?}}

[[mlflow::trace("search_docs", CHIAN)]] int misspelled_type_after_name();
// expected-error@-1 {{unknown 'mlflow::trace' option 'CHIAN'; expected no_output}}

template <int N> [[mlflow::trace(TOOL, N)]] int template_parameter();
// expected-error@-1 {{unknown 'mlflow::trace' option 'N'; expected no_output}}

__attribute__((mlflow_trace(TOOL, quietly))) int gnu_spelling();
// expected-error@-1 {{unknown 'mlflow_trace' option 'quietly'; expected no_output}}
// REQUIRES: scoped-plugin-attributes
