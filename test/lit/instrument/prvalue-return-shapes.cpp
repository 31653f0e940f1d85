// Issue 14, item 1: recording a return value must never add a copy, a move, or a warning. Every
// shape of class prvalue a return can hold (T{...}, a comma expression, a conditional, a call,
// parentheses, a braced list, an `auto` or `decltype(auto)` return type) is built straight into
// the caller's object without the plugin (guaranteed elision). With it, the value goes through the
// named result variable, whose `return` names a move or copy constructor that is never called
// and, since the plugin does not *use* it, never defined either: so a class whose implicit copy
// constructor is deprecated (Ref: a user-provided copy assignment, hence no implicit move) gets no
// -Wdeprecated-copy-with-user-provided-copy (in -Wextra), the reproducer from the issue.
// Pinned counts its copies and moves and keeps its own address: the caller must see none of the
// first and the object built where it lands, exactly as without the plugin.
//
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %clangxx -std=c++20 -O2 -Wall -Wextra -Werror -fplugin=%plugin %rtinc %s %rtlib -o %t.traced20
// RUN: rm -rf %t.traces
// RUN: %t.plain > %t.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces-20 %t.traced20 > %t.traced20.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: diff %t.plain.out %t.traced20.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.traced.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>

static int copies = 0, moves = 0;

// No implicit move constructor, and an implicit copy constructor that is deprecated.
struct Ref {
  int* p;
  Ref(int* q) : p(q) {}
  Ref& operator=(const Ref& other) {
    p = other.p;
    return *this;
  }
};
void to_json(nlohmann::json& j, const Ref& r) { j = *r.p; }

struct Pinned {
  const Pinned* self;
  int value;
  Pinned(int v) : self(this), value(v) {}
  Pinned(const Pinned& other) : self(this), value(other.value) { ++copies; }
  Pinned(Pinned&& other) noexcept : self(this), value(other.value) { ++moves; }
  Pinned& operator=(const Pinned&) = default;
  bool in_place() const { return self == this; }
};
void to_json(nlohmann::json& j, const Pinned& p) { j = p.value; }

Ref plain_ref(int* p) { return Ref{p}; }
Pinned plain_pinned(int v) { return Pinned{v}; }

MLFLOW_TRACE(TOOL) Ref braced(int* p) { return Ref{p}; }
MLFLOW_TRACE(TOOL) Ref comma(int* p) { return (void)0, Ref{p}; }
MLFLOW_TRACE(TOOL) Ref conditional(bool c, int* a, int* b) { return c ? Ref{a} : Ref{b}; }
MLFLOW_TRACE(TOOL) Ref call(int* p) { return plain_ref(p); }
MLFLOW_TRACE(TOOL) Ref parenthesized(int* p) { return (Ref{p}); }
MLFLOW_TRACE(TOOL) Ref list(int* p) { return {p}; }
MLFLOW_TRACE(TOOL) auto deduced(int* p) { return Ref{p}; }
MLFLOW_TRACE(TOOL) decltype(auto) deduced_decltype(int* p) { return Ref{p}; }

MLFLOW_TRACE(TOOL) Pinned pinned_braced(int v) { return Pinned{v}; }
MLFLOW_TRACE(TOOL) Pinned pinned_comma(int v) { return (void)v, Pinned{v + 1}; }
MLFLOW_TRACE(TOOL) Pinned pinned_conditional(int v) { return v > 0 ? Pinned{v} : Pinned{-v}; }
MLFLOW_TRACE(TOOL) Pinned pinned_call(int v) { return plain_pinned(v * 2); }
MLFLOW_TRACE(TOOL) Pinned pinned_list(int v) { return {v * 3}; }
MLFLOW_TRACE(TOOL) auto pinned_deduced(int v) { return Pinned{v * 4}; }

int main() {
  int x = 1, y = 2;
  std::printf("%d %d %d %d %d %d %d %d\n", *braced(&x).p, *comma(&y).p,
              *conditional(false, &x, &y).p, *call(&x).p, *parenthesized(&y).p, *list(&x).p,
              *deduced(&y).p, *deduced_decltype(&x).p);
  // OUT: 1 2 2 1 2 1 2 1
  Pinned a = pinned_braced(5), b = pinned_comma(5), c = pinned_conditional(-5), d = pinned_call(5),
         e = pinned_list(5), f = pinned_deduced(5);
  std::printf("%d %d %d %d %d %d in place: %d%d%d%d%d%d copies=%d moves=%d\n", a.value, b.value,
              c.value, d.value, e.value, f.value, a.in_place(), b.in_place(), c.in_place(),
              d.in_place(), e.in_place(), f.in_place(), copies, moves);
  // OUT: 5 6 5 10 15 20 in place: 111111 copies=0 moves=0
}
// Every output was recorded.
// CHECK: braced [TOOL] OK {{.*}}  out: 1{{$}}
// CHECK: comma [TOOL] OK {{.*}}  out: 2{{$}}
// CHECK: conditional [TOOL] OK {{.*}}  out: 2{{$}}
// CHECK: call [TOOL] OK {{.*}}  out: 1{{$}}
// CHECK: parenthesized [TOOL] OK {{.*}}  out: 2{{$}}
// CHECK: list [TOOL] OK {{.*}}  out: 1{{$}}
// CHECK: deduced [TOOL] OK {{.*}}  out: 2{{$}}
// CHECK: deduced_decltype [TOOL] OK {{.*}}  out: 1{{$}}
// CHECK: pinned_braced [TOOL] OK {{.*}}  out: 5{{$}}
// CHECK: pinned_comma [TOOL] OK {{.*}}  out: 6{{$}}
// CHECK: pinned_conditional [TOOL] OK {{.*}}  out: 5{{$}}
// CHECK: pinned_call [TOOL] OK {{.*}}  out: 10{{$}}
// CHECK: pinned_list [TOOL] OK {{.*}}  out: 15{{$}}
// CHECK: pinned_deduced [TOOL] OK {{.*}}  out: 20{{$}}
