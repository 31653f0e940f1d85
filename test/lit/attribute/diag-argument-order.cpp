// The span type comes first and at most once; the name and no_output at most once each.
// Each repetition is an error at the repeated argument, and the function gets no annotation.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr
// CHECK: TranslationUnitDecl

[[mlflow::trace("search_docs", TOOL)]] int type_after_name();
// expected-error@-1 {{the MLflow span type 'TOOL' must be the first argument of 'mlflow::trace'}}

[[mlflow::trace(no_output, TOOL)]] int type_after_option();
// expected-error@-1 {{the MLflow span type 'TOOL' must be the first argument of 'mlflow::trace'}}

[[mlflow::trace(TOOL, CHAIN)]] int two_types();
// expected-error@-1 {{MLflow span type given twice: 'CHAIN' after 'TOOL'}}

[[mlflow::trace("first", "second")]] int two_names();
// expected-error@-1 {{span name given twice in 'mlflow::trace': "second" after "first"}}

[[mlflow::trace(TOOL, no_output, no_output)]] int option_twice();
// expected-error@-1 {{'mlflow::trace' option 'no_output' given twice}}

__attribute__((mlflow_trace("n", LLM))) int gnu_type_after_name();
// expected-error@-1 {{the MLflow span type 'LLM' must be the first argument of 'mlflow_trace'}}
// REQUIRES: scoped-plugin-attributes
