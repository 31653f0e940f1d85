// Autolog needs C++17 (the runtime's headers do). In an older standard the prelude is not added,
// a known call is left as written with one remark (not a warning: -Werror builds keep building),
// and the file compiles as without the plugin.
// RUN: %clangxx -std=c++14 -Werror -fplugin=%plugin %rtinc -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++11 -Werror -fplugin=%plugin %rtinc -c %s -o %t.o 2>&1 | FileCheck %s
#include <curl/curl.h>

int main() {
  CURL* handle = curl_easy_init();
  curl_easy_perform(handle);
  curl_easy_perform(handle);
  curl_easy_cleanup(handle);
}
// CHECK: before-cxx17-remark.cpp:10:3: remark: mlflow plugin: this call to 'curl_easy_perform' is not traced (autolog needs C++17 or later and mlflow-cpp's include directory on the include path)
// CHECK-NOT: remark
// CHECK-NOT: error
