// Each of the 15 MLflow span types of attributes/include/mlflow/span_types.def is accepted, by
// its exact (upper-case) spelling, and recorded as written.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s
// expected-no-diagnostics

[[mlflow::trace(LLM)]] int f_llm();
// CHECK-LABEL: FunctionDecl {{.*}} f_llm 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:LLM;;"{{$}}
[[mlflow::trace(CHAIN)]] int f_chain();
// CHECK-LABEL: FunctionDecl {{.*}} f_chain 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;"{{$}}
[[mlflow::trace(AGENT)]] int f_agent();
// CHECK-LABEL: FunctionDecl {{.*}} f_agent 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:AGENT;;"{{$}}
[[mlflow::trace(TOOL)]] int f_tool();
// CHECK-LABEL: FunctionDecl {{.*}} f_tool 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;"{{$}}
[[mlflow::trace(CHAT_MODEL)]] int f_chat_model();
// CHECK-LABEL: FunctionDecl {{.*}} f_chat_model 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:CHAT_MODEL;;"{{$}}
[[mlflow::trace(RETRIEVER)]] int f_retriever();
// CHECK-LABEL: FunctionDecl {{.*}} f_retriever 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:RETRIEVER;;"{{$}}
[[mlflow::trace(PARSER)]] int f_parser();
// CHECK-LABEL: FunctionDecl {{.*}} f_parser 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:PARSER;;"{{$}}
[[mlflow::trace(EMBEDDING)]] int f_embedding();
// CHECK-LABEL: FunctionDecl {{.*}} f_embedding 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:EMBEDDING;;"{{$}}
[[mlflow::trace(RERANKER)]] int f_reranker();
// CHECK-LABEL: FunctionDecl {{.*}} f_reranker 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:RERANKER;;"{{$}}
[[mlflow::trace(MEMORY)]] int f_memory();
// CHECK-LABEL: FunctionDecl {{.*}} f_memory 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:MEMORY;;"{{$}}
[[mlflow::trace(UNKNOWN)]] int f_unknown();
// CHECK-LABEL: FunctionDecl {{.*}} f_unknown 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;;"{{$}}
[[mlflow::trace(WORKFLOW)]] int f_workflow();
// CHECK-LABEL: FunctionDecl {{.*}} f_workflow 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:WORKFLOW;;"{{$}}
[[mlflow::trace(TASK)]] int f_task();
// CHECK-LABEL: FunctionDecl {{.*}} f_task 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TASK;;"{{$}}
[[mlflow::trace(GUARDRAIL)]] int f_guardrail();
// CHECK-LABEL: FunctionDecl {{.*}} f_guardrail 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:GUARDRAIL;;"{{$}}
[[mlflow::trace(EVALUATOR)]] int f_evaluator();
// CHECK-LABEL: FunctionDecl {{.*}} f_evaluator 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:EVALUATOR;;"{{$}}
// REQUIRES: scoped-plugin-attributes
