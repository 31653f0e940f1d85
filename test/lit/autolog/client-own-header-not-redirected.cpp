// A call inside the client's own header (here a header named httplib.h calling Client::Post)
// is the client calling itself and is never redirected; the user's call in the file is.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include "httplib.h"

void user(httplib::Client& client) {
  vendored::chat(client, "{}");
  client.Post("/v1/chat/completions", "{}", "application/json");
}
// CHECK-NOT: httplib.h:
// CHECK: mlflow plugin: autolog cpp-httplib: httplib::Client::Post at client-own-header-not-redirected.cpp:8
// CHECK-NOT: mlflow plugin
