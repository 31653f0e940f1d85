// Every overload of httplib::Client::Post is redirected, whatever the object expression (a
// local, a reference, a pointer, a temporary) and with default arguments; so is Client::send.
// Get is not an LLM call and is left alone.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -c %s -o %t.o 2>&1 | FileCheck %s
#include <httplib.h>

#include <string>

void calls(httplib::Client& by_reference, httplib::Client* by_pointer) {
  std::string body = R"({"model":"m","messages":[]})";
  httplib::Client local("http://127.0.0.1:1");
  local.Post("/v1/chat/completions", body, "application/json");
  by_reference.Post("/v1/chat/completions", body.data(), body.size(), "application/json");
  by_pointer->Post("/api/chat", httplib::Headers{{"Authorization", "Bearer k"}}, body,
                   "application/json");
  httplib::Client("http://127.0.0.1:1").Post("/v1/embeddings", body, "application/json");
  local.Get("/health");
  httplib::Request request;
  request.method = "POST";
  request.path = "/v1/chat/completions";
  local.send(request);
}
// CHECK-NOT: warning
// CHECK-NOT: error
// CHECK: mlflow plugin: autolog cpp-httplib: httplib::Client::Post at cpp-httplib-overloads.cpp:12
// CHECK-NEXT: mlflow plugin: autolog cpp-httplib: httplib::Client::Post at cpp-httplib-overloads.cpp:13
// CHECK-NEXT: mlflow plugin: autolog cpp-httplib: httplib::Client::Post at cpp-httplib-overloads.cpp:14
// CHECK-NEXT: mlflow plugin: autolog cpp-httplib: httplib::Client::Post at cpp-httplib-overloads.cpp:16
// CHECK-NEXT: mlflow plugin: autolog cpp-httplib: httplib::Client::send at cpp-httplib-overloads.cpp:21
// CHECK-NOT: mlflow plugin
