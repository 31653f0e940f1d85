// An unknown span type is an error at the argument, suggesting the closest valid type when the
// word is a plausible typo (case ignored), and listing the valid types otherwise. The function
// gets no annotation.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s --implicit-check-not=AnnotateAttr
// CHECK: TranslationUnitDecl

[[mlflow::trace(CHIAN)]] int swapped_letters();
// expected-error@-1 {{unknown MLflow span type 'CHIAN'; did you mean 'CHAIN'?}}

[[mlflow::trace(chain)]] int lower_case();
// expected-error@-1 {{unknown MLflow span type 'chain'; did you mean 'CHAIN'?}}

[[mlflow::trace(Retriever)]] int mixed_case();
// expected-error@-1 {{unknown MLflow span type 'Retriever'; did you mean 'RETRIEVER'?}}

[[mlflow::trace(TOOLS, "search")]] int extra_letter();
// expected-error@-1 {{unknown MLflow span type 'TOOLS'; did you mean 'TOOL'?}}

[[mlflow::trace(CHATMODEL)]] int missing_underscore();
// expected-error@-1 {{unknown MLflow span type 'CHATMODEL'; did you mean 'CHAT_MODEL'?}}

[[mlflow::trace(FOO)]] int unrelated();
// expected-error@-1 {{unknown MLflow span type 'FOO'; expected one of LLM, CHAIN, AGENT, TOOL, CHAT_MODEL, RETRIEVER, PARSER, EMBEDDING, RERANKER, MEMORY, UNKNOWN, WORKFLOW, TASK, GUARDRAIL, EVALUATOR}}

[[mlflow::trace(SUMMARIZER, no_output)]] int far_from_every_type();
// expected-error@-1 {{unknown MLflow span type 'SUMMARIZER'; expected one of LLM, CHAIN}}

__attribute__((mlflow_trace(AGNET))) int gnu_spelling();
// expected-error@-1 {{unknown MLflow span type 'AGNET'; did you mean 'AGENT'?}}
// REQUIRES: scoped-plugin-attributes
