// Without mlflow-cpp's include directory on the include path the plugin adds nothing: the
// file compiles to the same object as without the plugin (one remark at the first known call).
// RUN: %clangxx -std=c++17 -fplugin=%plugin -c %s -o %t.plugin.o 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++17 -c %s -o %t.plain.o
// RUN: nm %t.plugin.o > %t.plugin.syms
// RUN: nm %t.plain.o > %t.plain.syms
// RUN: diff %t.plugin.syms %t.plain.syms
#include <curl/curl.h>

int main() {
  CURL* handle = curl_easy_init();
  curl_easy_perform(handle);
  curl_easy_cleanup(handle);
}
// CHECK: remark: mlflow plugin: this call to 'curl_easy_perform' is not traced
