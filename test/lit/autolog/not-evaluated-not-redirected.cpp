// Only calls that run are redirected: a call through a function pointer (the callee is known
// only at run time), and calls in sizeof, decltype, noexcept and typeid operands, keep the
// callee's own type and stay as written.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -fsyntax-only %s 2>&1 | FileCheck %s
#include <curl/curl.h>

#include <typeinfo>

int main() {
  CURL* handle = curl_easy_init();
  CURLcode (*perform)(CURL*) = &curl_easy_perform;
  CURLcode through_pointer = perform(handle);
  static_assert(sizeof(curl_easy_perform(handle)) == sizeof(CURLcode), "");
  decltype(curl_easy_perform(handle)) same = CURLE_OK;
  bool nothrow = noexcept(curl_easy_perform(handle));
  const std::type_info& type = typeid(curl_easy_perform(handle));
  (void)through_pointer, (void)same, (void)nothrow, (void)type;
  curl_easy_cleanup(handle);
}
// CHECK: mlflow plugin: autolog libcurl: curl_easy_cleanup at not-evaluated-not-redirected.cpp:18
// CHECK-NOT: curl_easy_perform
