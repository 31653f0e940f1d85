// ollama-hpp builds with -std=c++11; autolog needs C++17. A C++11 file using it compiles as
// without the plugin (-Werror too), with one remark at the first call it leaves alone.
// RUN: %clangxx -std=c++11 -Werror -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: nm -C %t.o | FileCheck --check-prefix=SYMBOLS %s
#include <ollama.hpp>

int main() {
  ollama::messages messages(ollama::message("user", "hi"));
  ollama::chat("m", messages);
  ollama::generate("m", "prompt");
}
// CHECK: ollama-hpp-cxx11-remark.cpp:9:3: remark: mlflow plugin: this call to 'ollama::chat' is not traced (autolog needs C++17 or later and mlflow-cpp's include directory on the include path)
// CHECK-NOT: remark
// CHECK-NOT: error
// CHECK-NOT: mlflow plugin: autolog
// SYMBOLS-NOT: autolog
