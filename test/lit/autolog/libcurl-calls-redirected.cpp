// Every libcurl easy call the adapter needs is redirected where the user wrote it: setopt
// (through curl.h's type-checking macro), perform, reset, duphandle and cleanup; the file
// compiles to an object with the adapters instantiated, without a diagnostic.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: nm -C %t.o | FileCheck --check-prefix=SYMBOLS %s
#include <curl/curl.h>

#include <string>

static size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

int main() {
  CURL* handle = curl_easy_init();
  std::string body = R"({"model":"m","messages":[]})";
  curl_easy_setopt(handle, CURLOPT_URL, "http://127.0.0.1:1/v1/chat/completions");
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
  CURLcode result = curl_easy_perform(handle);
  CURL* copy = curl_easy_duphandle(handle);
  curl_easy_reset(handle);
  curl_easy_cleanup(copy);
  curl_easy_cleanup(handle);
  return result == CURLE_OK ? 0 : 1;
}
// CHECK-NOT: warning
// CHECK-NOT: error
// CHECK: mlflow plugin: autolog libcurl: curl_easy_setopt at libcurl-calls-redirected.cpp:15
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_setopt at libcurl-calls-redirected.cpp:16
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_setopt at libcurl-calls-redirected.cpp:17
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_setopt at libcurl-calls-redirected.cpp:18
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_perform at libcurl-calls-redirected.cpp:19
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_duphandle at libcurl-calls-redirected.cpp:20
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_reset at libcurl-calls-redirected.cpp:21
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_cleanup at libcurl-calls-redirected.cpp:22
// CHECK-NEXT: mlflow plugin: autolog libcurl: curl_easy_cleanup at libcurl-calls-redirected.cpp:23
// CHECK-NOT: mlflow plugin
// curl_easy_init is not an LLM call: left alone.
// SYMBOLS-DAG: U curl_easy_init
// SYMBOLS-DAG: W mlflow::v0::detail::autolog::Redirect<mlflow::v0::detail::autolog::tags::libcurl_perform, CURLcode (*)(void*), &curl_easy_perform, CURLcode, void*>::call(void*)
