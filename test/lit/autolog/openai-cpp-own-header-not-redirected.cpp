// openai.hpp's own calls (a category's create, libcurl's curl_easy_perform) are the SDK calling
// itself and are never redirected, by either integration; the user's call is.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include <openai/openai.hpp>

openai::Json user(const openai::Json& request, CURL* handle) {
  openai::_detail::ask_twice(request, handle);
  return openai::chat().create(request);
}
// CHECK-NOT: openai.hpp:
// CHECK: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryChat::create at openai-cpp-own-header-not-redirected.cpp:8
// CHECK-NOT: mlflow plugin
