// A header that only shares a client header's name (a user's own curl.h, without libcurl's
// include guard) brings in no adapter, and its functions are not redirected: the file compiles
// as written.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck --allow-empty %s
// RUN: nm -C %t.o | FileCheck --check-prefix=SYMBOLS %s
#include "curl.h"

int main() { return curl_easy_perform(nullptr); }
// CHECK-NOT: mlflow plugin
// SYMBOLS-NOT: autolog
// SYMBOLS: U curl_easy_perform
