// Secrets never leave the process in trace-everything mode (issue 15): liboai traced by name (the
// SDK's test double, test/autolog/sdk/liboai, compiled with the plugin here) recorded
// EncodedAuthentication::SecureStringClear(str) with the password it wipes, whose parameter
// says nothing. A function whose name says it handles secrets (secure, secret, password,
// credentials; a setter or getter of one) has every argument masked. The user name passed to
// the constructor is not a secret and stays.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include='^liboai::netimpl::components::EncodedAuthentication::' -I%S/../../autolog/sdk/liboai/include %rtinc %s %S/../../autolog/sdk/liboai/src/liboai.cpp %rtlib -lcurl -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: not grep -rF 'hunter2-Zq' %t.traces
// RUN: grep -F '{\"str\": \"***\"}' %t.traces/traces.jsonl
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <liboai.h>

#include <cstdio>

int main() {
  {
    liboai::netimpl::components::EncodedAuthentication auth("alice", "hunter2-Zq");
    std::printf("%zu\n", auth.GetPassword().size());
    // OUT: 10
  }
}
// CHECK-DAG: EncodedAuthentication [UNKNOWN] OK {{.*}}  in: {"p_username":"alice","p_password":"***"}
// CHECK-DAG: SecureStringClear [UNKNOWN] OK {{.*}}  in: {"str":"***"}
