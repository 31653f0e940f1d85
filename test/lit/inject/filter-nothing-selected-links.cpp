// A file compiled with a name filter that selects none of its functions gets nothing from the
// plugin that it would have to link: it links without the runtime, as without the plugin
// (test/robustness/NOTES.md, problem F: CMake's compiler check of a project with such a filter
// in its flags failed). The object that flushes traces when a shared object is unloaded
// (UnloadFlushOf<>::object) exists only where something is traced: in C++17 and C++20, with a
// filter that selects a function, it is there, once, and the program needs the runtime.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc %s -o %t.none17
// RUN: %clangxx -std=c++20 -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc %s -o %t.none20
// RUN: %t.none17 | FileCheck %s --check-prefix=OUT
// RUN: %t.none20 | FileCheck %s --check-prefix=OUT
// RUN: %clangxx -std=c++20 -fplugin=%plugin -fplugin-arg-mlflow-include='^twice$' %rtinc -c %s -o %t.some.o
// RUN: llvm-nm -C %t.some.o | FileCheck %s --check-prefix=SOME
// OUT: twice(21) = 42
// SOME: mlflow::v0::detail::UnloadFlushOf<void>::object
#include <cstdio>

int twice(int x) { return 2 * x; }

int main() { std::printf("twice(21) = %d\n", twice(21)); }
