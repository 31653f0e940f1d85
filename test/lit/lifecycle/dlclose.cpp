// A shared library built with the plugin, dlopen'ed, used and dlclose'd while its traces are
// still queued for export: the spans name the library's literals (span names, file names), so
// the plugin's code flushes what was completed before the library is unmapped (a static object
// of each traced translation unit, destroyed at dlclose). The program runs as without tracing
// and the library's trace is delivered.
// RUN: rm -rf %t && split-file %s %t
// RUN: %clangxx -std=c++17 -shared -fPIC -fplugin=%plugin %rtinc %t/library.cpp %rtlib -o %t/libtraced.so
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %t/main.cpp %rtlib -ldl -o %t/main
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/traces %t/main %t/libtraced.so | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t/traces | FileCheck %s
// CHECK-DAG: summarize_in_plugin [TOOL] OK {{.*}} in: {"text":"a long text"}  out: "a long"
// CHECK-DAG: after_unload [CHAIN] OK

//--- library.cpp
#include <mlflow/trace.h>

#include <string>

MLFLOW_TRACE(TOOL) std::string summarize_in_plugin(const std::string& text) {
  return text.substr(0, 6);
}

extern "C" int plugin_entry() { return static_cast<int>(summarize_in_plugin("a long text").size()); }

//--- main.cpp
#include <mlflow/trace.h>

#include <cstdio>

#include <dlfcn.h>

MLFLOW_TRACE(CHAIN) int after_unload(int n) { return n; }

int main(int, char** argv) {
  void* library = dlopen(argv[1], RTLD_NOW);
  if (library == nullptr) return 2;
  auto entry = reinterpret_cast<int (*)()>(dlsym(library, "plugin_entry"));
  const int size = entry();
  dlclose(library);
  std::printf("size %d\n", after_unload(size));
  // OUT: size 6
}
