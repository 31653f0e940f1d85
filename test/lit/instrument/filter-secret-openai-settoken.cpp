// Secrets never leave the process in trace-everything mode (issue 15): openai-cpp traced by name
// (the SDK's test double, test/autolog/sdk/openai-cpp) recorded `setToken(token, organization)`
// with the API key in it. A parameter named like a secret (token) has its value masked, and
// every argument of a function that sets one (setToken); the name and the order stay.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include='^openai::' -I%S/../../autolog/sdk/openai-cpp/include %rtinc %s %rtlib -lcurl -o %t
// RUN: rm -rf %t.traces && env -u OPENAI_API_KEY MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: not grep -rF 'Ab3dEf6hIj9kLm2nOp5q' %t.traces
// RUN: grep -F '{\"token\": \"***\", \"organization\": \"***\"}' %t.traces/traces.jsonl
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <openai/openai.hpp>

#include <cstdio>

int main() {
  openai::_detail::OpenAI client("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv", "org-1", true,
                                 "http://127.0.0.1:9/");
  client.setToken("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv", "org-1");
  std::puts("token set");
  // OUT: token set
}
// CHECK: setToken [UNKNOWN] OK {{.*}}  in: {"token":"***","organization":"***"}
