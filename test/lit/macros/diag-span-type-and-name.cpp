// A span type that is not one of MLflow's, and a span name that is not a string literal, are
// compile errors that name the mistake.
// RUN: not %clangxx -std=c++17 -fsyntax-only %rtinc %s 2>&1 | FileCheck %s
// RUN: not %gxx -std=c++17 -fsyntax-only %rtinc %s 2>&1 | FileCheck %s --check-prefix=GCC
#include <mlflow/trace_function.h>

#include <string>

int search(int k) {
  MLFLOW_TRACE_BODY(TOLL, k) { return k; };
  // CHECK: :[[@LINE-1]]:21: error: no member named 'TOLL' in 'mlflow::SpanType'; did you mean 'TOOL'?
  // GCC: :[[@LINE-2]]:21: error: {{.}}TOLL{{.}} is not a member of {{.}}mlflow::v0::SpanType{{.}}; did you mean {{.}}TOOL{{.}}?
}

int lookup(int k, const std::string& name) {
  MLFLOW_TRACE_NAMED_FUNCTION(name, TOOL, k);
  // CHECK: :[[@LINE-1]]:3: error: no matching function for call to 'span_name_must_be_a_string_literal'
  // GCC: error: no matching function for call to {{.}}span_name_must_be_a_string_literal(const std::string&){{.}}
  return k;
}
