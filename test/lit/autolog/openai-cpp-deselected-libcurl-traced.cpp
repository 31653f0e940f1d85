// With openai-cpp not selected (autolog=libcurl), openai.hpp is not a client's own header any
// more: its libcurl calls are the libcurl integration's, and its category calls are not
// redirected. With both selected, only the user's category call is.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug -fplugin-arg-mlflow-autolog=libcurl %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck --check-prefix=LIBCURL %s
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug -fplugin-arg-mlflow-autolog=libcurl,openai-cpp %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck --check-prefix=BOTH %s
#include <openai/openai.hpp>

openai::Json user(const openai::Json& request, CURL* handle) {
  openai::_detail::ask_twice(request, handle);
  return openai::chat().create(request);
}
// LIBCURL: mlflow plugin: autolog libcurl: curl_easy_perform at openai.hpp:{{[0-9]+}}
// LIBCURL-NOT: mlflow plugin
// BOTH-NOT: openai.hpp:
// BOTH: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryChat::create at openai-cpp-deselected-libcurl-traced.cpp:10
// BOTH-NOT: mlflow plugin
