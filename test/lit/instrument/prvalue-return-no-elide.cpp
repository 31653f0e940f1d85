// With -fno-elide-constructors there is no named return value optimization, so recording a
// returned class prvalue through a variable would add a move the plain build does not make. The
// plugin then leaves such a return as written: the program makes exactly the copies and moves it
// makes without the plugin, the span has no output, and an annotated function says why (a
// function selected by a name filter says nothing: a filter must not add diagnostics). A returned
// local variable is still recorded (its return is left as written anyway), and so is a scalar.
//
// RUN: %clangxx -std=c++17 -fno-elide-constructors -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++17 -fno-elide-constructors -fsyntax-only -Wall -Wextra -Werror -DFILTERED \
// RUN:   -fplugin=%plugin -fplugin-arg-mlflow-include='^make_' %rtinc %s
// RUN: %clangxx -std=c++17 -fno-elide-constructors -Wall -Wextra %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -fno-elide-constructors -Wno-everything -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: rm -rf %t.traces
// RUN: %t.plain > %t.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.traced.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>

static int copies = 0, moves = 0;

struct Counted {
  int value;
  Counted(int v) : value(v) {}
  Counted(const Counted& other) : value(other.value) { ++copies; }
  Counted(Counted&& other) noexcept : value(other.value) { ++moves; }
};
void to_json(nlohmann::json& j, const Counted& c) { j = c.value; }

#ifdef FILTERED
#define TRACED
#else
#define TRACED MLFLOW_TRACE(TOOL)
#endif

TRACED Counted make_prvalue(int v) {
  return Counted{v}; // expected-warning {{the return value of 'make_prvalue' is not recorded as its span's output: with -fno-elide-constructors, recording it would add a move or copy [mlflow-trace]}}
}
TRACED Counted make_local(int v) {
  Counted c{v + 1};
  return c;
}
TRACED int make_scalar(int v) { return v * 7; }

int main() {
  Counted a = make_prvalue(3);
  Counted b = make_local(3);
  std::printf("%d %d %d copies=%d moves=%d\n", a.value, b.value, make_scalar(3), copies, moves);
  // OUT: 3 4 21 copies=0 moves={{[0-9]+}}{{$}}
}
// CHECK: make_prvalue [TOOL] OK {{[0-9.]+}} ms  in: {"v":3}{{$}}
// CHECK: make_local [TOOL] OK {{.*}}  out: 4{{$}}
// CHECK: make_scalar [TOOL] OK {{.*}}  out: 21{{$}}
