// Every accepted argument form of [[mlflow::trace]] is recorded on the function as the
// AnnotateAttr "mlflow.trace:<SPAN_TYPE>;<flags>;<name>" (plugin/TraceRequest.h).
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify -Xclang -ast-dump %s \
// RUN:   | FileCheck %s
// expected-no-diagnostics

[[mlflow::trace]] int bare();
// CHECK-LABEL: FunctionDecl {{.*}} bare 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;;"{{$}}

[[mlflow::trace()]] int empty_parens();
// CHECK-LABEL: FunctionDecl {{.*}} empty_parens 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;;"{{$}}

[[mlflow::trace(CHAIN)]] int type_only();
// CHECK-LABEL: FunctionDecl {{.*}} type_only 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;"{{$}}

[[mlflow::trace("search_docs")]] int name_only();
// CHECK-LABEL: FunctionDecl {{.*}} name_only 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;;search_docs"{{$}}

[[mlflow::trace(TOOL, "search_docs")]] int type_and_name();
// CHECK-LABEL: FunctionDecl {{.*}} type_and_name 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;;search_docs"{{$}}

[[mlflow::trace(TOOL, no_output)]] int type_no_output();
// CHECK-LABEL: FunctionDecl {{.*}} type_no_output 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;no_output;"{{$}}

[[mlflow::trace(TOOL, "search_docs", no_output)]] int type_name_no_output();
// CHECK-LABEL: FunctionDecl {{.*}} type_name_no_output 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;no_output;search_docs"{{$}}

[[mlflow::trace(TOOL, no_output, "search_docs")]] int no_output_before_name();
// CHECK-LABEL: FunctionDecl {{.*}} no_output_before_name 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;no_output;search_docs"{{$}}

[[mlflow::trace("search_docs", no_output)]] int name_no_output();
// CHECK-LABEL: FunctionDecl {{.*}} name_no_output 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;no_output;search_docs"{{$}}

[[mlflow::trace(no_output)]] int no_output_only();
// CHECK-LABEL: FunctionDecl {{.*}} no_output_only 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:UNKNOWN;no_output;"{{$}}

[[using mlflow: trace(AGENT, "plan")]] int using_prefix();
// CHECK-LABEL: FunctionDecl {{.*}} using_prefix 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:AGENT;;plan"{{$}}

// The name is the literal's value: concatenated, raw and u8 literals, any characters.
[[mlflow::trace(LLM, "chat" "/" "completions")]] int concatenated_name();
// CHECK-LABEL: FunctionDecl {{.*}} concatenated_name 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:LLM;;chat/completions"{{$}}

[[mlflow::trace(LLM, u8"résumé")]] int utf8_name();
// CHECK-LABEL: FunctionDecl {{.*}} utf8_name 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:LLM;;résumé"{{$}}

[[mlflow::trace(PARSER, R"(a;b:c, "d")")]] int separators_in_name();
// CHECK-LABEL: FunctionDecl {{.*}} separators_in_name 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:PARSER;;a;b:c, "d""{{$}}

// A name the program declares is still read by its spelling.
enum Kinds { TOOL, no_output };
[[mlflow::trace(TOOL, "lookup", no_output)]] int declared_names();
// CHECK-LABEL: FunctionDecl {{.*}} declared_names 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:TOOL;no_output;lookup"{{$}}

// The same request twice is recorded once (last in the file: the CHECK-NOT runs to the end).
[[mlflow::trace(CHAIN)]] [[mlflow::trace(CHAIN)]] int repeated();
// CHECK-LABEL: FunctionDecl {{.*}} repeated 'int ()'
// CHECK-NEXT: AnnotateAttr {{.*}} "mlflow.trace:CHAIN;;"{{$}}
// CHECK-NOT: AnnotateAttr
// REQUIRES: scoped-plugin-attributes
