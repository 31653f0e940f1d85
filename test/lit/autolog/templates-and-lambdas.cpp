// Calls in a function template (each instantiation), a lambda and a generic lambda are
// redirected; the template's pattern itself is not (its instantiations are).
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -c %s -o %t.o 2>&1 | FileCheck %s
#include <curl/curl.h>

template <class Handle>
CURLcode perform_twice(Handle handle) {
  curl_easy_perform(handle);
  return curl_easy_perform(handle);
}

int main() {
  CURL* handle = curl_easy_init();
  auto lambda = [handle] { return curl_easy_perform(handle); };
  auto generic = [](auto h) { return curl_easy_perform(h); };
  lambda();
  generic(handle);
  perform_twice(handle);
  curl_easy_cleanup(handle);
}
// CHECK-NOT: error
// CHECK-DAG: mlflow plugin: autolog libcurl: curl_easy_perform at templates-and-lambdas.cpp:8
// CHECK-DAG: mlflow plugin: autolog libcurl: curl_easy_perform at templates-and-lambdas.cpp:9
// CHECK-DAG: mlflow plugin: autolog libcurl: curl_easy_perform at templates-and-lambdas.cpp:14
// CHECK-DAG: mlflow plugin: autolog libcurl: curl_easy_perform at templates-and-lambdas.cpp:15
// CHECK-DAG: mlflow plugin: autolog libcurl: curl_easy_cleanup at templates-and-lambdas.cpp:19
