// llama-cpp: llama-cpp.h is llama.cpp's own header: the llama_free in its context deleter is
// llama.cpp calling itself and is not redirected; the user's calls are.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include <llama-cpp.h>

void run(const char* path) {
  llama_model_ptr model(llama_model_load_from_file(path, llama_model_default_params()));
  llama_context_ptr context(llama_init_from_model(model.get(), llama_context_default_params()));
  llama_free(llama_init_from_model(model.get(), llama_context_default_params()));
}
// CHECK-NOT: llama-cpp.h:
// CHECK: mlflow plugin: autolog llama-cpp: llama_model_load_from_file at llama-cpp-own-header-not-redirected.cpp:7
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_init_from_model at llama-cpp-own-header-not-redirected.cpp:8
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_init_from_model at llama-cpp-own-header-not-redirected.cpp:9
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_free at llama-cpp-own-header-not-redirected.cpp:9
// CHECK-NOT: mlflow plugin
