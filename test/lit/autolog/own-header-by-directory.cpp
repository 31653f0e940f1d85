// A client header listed with its directory ("cpr/api.h") is the client's only in that
// directory: the user's own api.h is the user's, and its libcurl call is redirected, while the
// calls in cpr/api.h are not.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include <cpr/cpr.h>

#include "api.h"

CURLcode calls(CURL* handle, const cpr::Url& url) {
  cpr::Post(url);
  return perform_in_users_api_header(handle);
}
// CHECK: mlflow plugin: autolog libcurl: curl_easy_perform at api.h:5
// CHECK-NEXT: mlflow plugin: autolog cpr: cpr::Post at own-header-by-directory.cpp:10
// CHECK-NOT: mlflow plugin
