// Sema instantiates a local class's member functions eagerly, together with the function
// template around them; here that happens at the explicit instantiation, before the plugin's
// tail (which defines capture_value) was read. The capture_value instantiations the traced member
// needs were then queued and dropped with that eager scope's queue: the object file called them
// undefined, and the program did not link (fmt 9.1.0's format.cc: vformat_to's format_handler;
// test/robustness/NOTES.md, problem H). The plugin now instantiates, at the end of the
// translation unit, whatever of the runtime's templates was used and left undefined.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc -c %s -o %t.o
// RUN: llvm-nm -C %t.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: %clangxx %t.o %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// SYMBOLS-NOT: U {{.*}}capture_value
// OUT: run(1) = 3
// CHECK: on_arg [UNKNOWN] OK {{.*}}  in: {"s":"<app::Specs>","v":1}  out: 3
#include <cstdio>

namespace app {
struct Specs {
  int width;
};
template <class T> int run(T value) {
  struct Handler {
    int on_arg(const Specs& s, T v) { return s.width + static_cast<int>(v); }
  };
  return Handler().on_arg(Specs{2}, value);
}
template int run<int>(int);  // an explicit instantiation definition, before the plugin's tail
}  // namespace app

int main() { std::printf("run(1) = %d\n", app::run(1)); }
