// The plugin argument autolog= chooses the integrations: none, a list, or all (the default);
// an unknown id is an error that names the known ones.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug -fplugin-arg-mlflow-autolog=none %rtinc -fsyntax-only %s 2>&1 | FileCheck --allow-empty --check-prefix=NONE %s
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug -fplugin-arg-mlflow-autolog=cpp-httplib %rtinc -fsyntax-only %s 2>&1 | FileCheck --check-prefix=HTTPLIB %s
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug -fplugin-arg-mlflow-autolog=libcurl,cpp-httplib %rtinc -fsyntax-only %s 2>&1 | FileCheck --check-prefix=BOTH %s
// RUN: not %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-autolog=libcurl,openai %rtinc -fsyntax-only %s 2>&1 | FileCheck --check-prefix=UNKNOWN %s
#include <curl/curl.h>
#include <httplib.h>

void calls(CURL* handle, httplib::Client& client) {
  curl_easy_perform(handle);
  client.Post("/v1/chat/completions", "{}", "application/json");
}
// NONE-NOT: mlflow plugin
// HTTPLIB-NOT: libcurl
// HTTPLIB: mlflow plugin: autolog cpp-httplib: httplib::Client::Post
// BOTH: mlflow plugin: autolog libcurl: curl_easy_perform
// BOTH: mlflow plugin: autolog cpp-httplib: httplib::Client::Post
// UNKNOWN: error: mlflow plugin: unknown autolog integration (known: all, none, {{.*}}libcurl{{.*}}) in 'autolog=libcurl,openai'
