// Corpus (issue 14): parameter packs. Variadic templates taking a pack by const reference, by
// forwarding reference (perfect forwarding into a constructor and into a callable), by value, a
// fold expression with side effects in order, and an empty pack. A counting type prints how often
// it was copied and moved: tracing (recording the pack as a list) must add neither a copy nor a
// move, so the counts printed with and without the plugin are the same. Each call is traced with
// the pack as one list input.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>
#include <utility>

struct Counted {
  static int copies, moves;
  int value;
  explicit Counted(int v) : value(v) {}
  Counted(const Counted& other) : value(other.value) { ++copies; }
  Counted(Counted&& other) noexcept : value(other.value) { ++moves; }
  Counted& operator=(const Counted&) = default;
  Counted& operator=(Counted&&) = default;
};
int Counted::copies = 0;
int Counted::moves = 0;

void report(const char* what) {
  std::printf("%s: copies %d moves %d\n", what, Counted::copies, Counted::moves);
  Counted::copies = Counted::moves = 0;
}

int value_of(const Counted& c) { return c.value; }
int value_of(int i) { return i; }

template <class... Items>
MLFLOW_TRACE(TOOL) int sum(const Items&... items) {
  return (0 + ... + value_of(items));
}

template <class... Items>
MLFLOW_TRACE(TOOL) int sum_by_value(Items... items) {
  return (0 + ... + value_of(items));
}

// Fold over the comma operator: the elements are visited in order.
template <class... Items>
MLFLOW_TRACE(PARSER) std::string join(const std::string& sep, const Items&... items) {
  std::string out;
  ((out += (out.empty() ? "" : sep) + std::to_string(value_of(items))), ...);
  return out;
}

struct Pair {
  Counted first, second;
  Pair(Counted a, Counted b) : first(std::move(a)), second(std::move(b)) {}
};

// Perfect forwarding into a constructor; the result is built in place.
template <class T, class... Args>
MLFLOW_TRACE(TASK) T make(Args&&... args) {
  return T(std::forward<Args>(args)...);
}

// Perfect forwarding into a callable; the result (a reference) is returned as it is.
template <class F, class... Args>
MLFLOW_TRACE(TASK) decltype(auto) call(F&& f, Args&&... args) {
  return std::forward<F>(f)(std::forward<Args>(args)...);
}

struct Pick {
  Counted& operator()(Counted& a, Counted&&) const { return a; }
};
struct MakeCounted {
  Counted operator()(int v) const { return Counted(v); }
};

int main() {
  Counted a(1), b(2), c(3);
  report("start");
  // OUT: start: copies 0 moves 0
  std::printf("sum %d\n", sum(a, b, c, 4));
  report("sum");
  // OUT-NEXT: sum 10
  // OUT-NEXT: sum: copies 0 moves 0
  // CHECK: tr-{{[0-9a-f]+}}  sum<Counted, Counted, Counted, int>  OK
  // CHECK-NEXT: sum<Counted, Counted, Counted, int> [TOOL] OK {{[0-9.]+}} ms  in: {"items":["<Counted>","<Counted>","<Counted>",4]}  out: 10
  std::printf("sum_by_value %d\n", sum_by_value(a, Counted(5)));
  report("sum_by_value");
  // OUT-NEXT: sum_by_value 6
  // OUT-NEXT: sum_by_value: copies 1 moves 0
  // CHECK: tr-{{[0-9a-f]+}}  sum_by_value<Counted, Counted>  OK
  // CHECK-NEXT: sum_by_value<Counted, Counted> [TOOL] OK {{[0-9.]+}} ms  in: {"items":["<Counted>","<Counted>"]}  out: 6
  std::printf("sum of nothing %d\n", sum());
  // OUT-NEXT: sum of nothing 0
  // (An empty pack is recorded as []: parameter-pack-empty.cpp.)
  // CHECK: tr-{{[0-9a-f]+}}  sum<>  OK
  // CHECK-NEXT: sum<> [TOOL] OK {{[0-9.]+}} ms  in: {"items":[]}  out: 0
  std::printf("join %s\n", join("-", c, 7, a).c_str());
  report("join");
  // OUT-NEXT: join 3-7-1
  // OUT-NEXT: join: copies 0 moves 0
  // CHECK: tr-{{[0-9a-f]+}}  join<Counted, int, Counted>  OK
  // CHECK-NEXT: join<Counted, int, Counted> [PARSER] OK {{[0-9.]+}} ms  in: {"sep":"-","items":["<Counted>",7,"<Counted>"]}  out: "3-7-1"
  Pair p = make<Pair>(a, Counted(9));
  std::printf("make %d %d\n", p.first.value, p.second.value);
  report("make");
  // OUT-NEXT: make 1 9
  // OUT-NEXT: make: copies 1 moves 3
  // CHECK: tr-{{[0-9a-f]+}}  make<Pair, Counted &, Counted>  OK
  // CHECK-NEXT: make<Pair, Counted &, Counted> [TASK] OK {{[0-9.]+}} ms  in: {"args":["<Counted>","<Counted>"]}  out: "<Pair>"
  Counted& picked = call(Pick(), a, Counted(8));
  std::printf("call same object %d\n", &picked == &a);
  report("call");
  // OUT-NEXT: call same object 1
  // OUT-NEXT: call: copies 0 moves 0
  // CHECK: tr-{{[0-9a-f]+}}  call<Pick, Counted &, Counted>  OK
  // CHECK-NEXT: call<Pick, Counted &, Counted> [TASK] OK {{[0-9.]+}} ms  in: {"f":"<Pick>","args":["<Counted>","<Counted>"]}  out: "<Counted>"
  Counted made = call(MakeCounted(), 6);
  std::printf("call by value %d\n", made.value);
  report("call by value");
  // OUT-NEXT: call by value 6
  // OUT-NEXT: call by value: copies 0 moves 0
  // CHECK: tr-{{[0-9a-f]+}}  call<MakeCounted, int>  OK
  // CHECK-NEXT: call<MakeCounted, int> [TASK] OK {{[0-9.]+}} ms  in: {"f":"<MakeCounted>","args":[6]}  out: "<Counted>"
  // CHECK-NOT: tr-
}
