// Corpus (issue 14): C++20 coroutines, a generator (co_yield) and a task (co_await, co_return).
// An annotated coroutine is not traced: the plugin says so with a warning (the only diagnostic
// it adds, checked with -verify; so such a file does not build with -Werror), and the coroutine
// still compiles and computes the same as without the plugin. Traced functions the coroutines
// call are traced as usual. Selected by the name filter instead (the macros off), coroutines are
// skipped silently, so that build passes -Werror, while the promise types' and awaiters' member
// functions (ordinary functions in the filtered namespace) are traced; it computes the same too.
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++20 -Wall -Wextra -pedantic -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: %clangxx -std=c++20 -Wall -Wextra -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced 2>/dev/null
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror -pedantic -fplugin=%plugin -DMLFLOW_CPP_DISABLE -fplugin-arg-mlflow-include='^co::' %rtinc %s %rtlib -o %t.filtered
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces %t.filtered-traces
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.filtered-traces %t.filtered > %t.filtered.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: diff %t.plain.out %t.filtered.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: %mlflow_cpp show --no-color %t.filtered-traces | FileCheck %s --check-prefix=FILTER
// No span of a coroutine itself, in either build:
// RUN: %mlflow_cpp show --no-color %t.traces | not grep -E 'count_to|add_later'
// RUN: %mlflow_cpp show --no-color %t.filtered-traces | not grep -E 'count_to|add_later'
#include <mlflow/trace.h>

#include <coroutine>
#include <cstdio>
#include <exception>
#include <utility>

namespace co {

struct Generator {
  struct promise_type {
    int current = 0;
    Generator get_return_object() {
      return Generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) noexcept {
      current = v;
      return {};
    }
    void return_void() noexcept {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
  explicit Generator(std::coroutine_handle<promise_type> h) : handle(h) {}
  Generator(Generator&& other) noexcept : handle(std::exchange(other.handle, nullptr)) {}
  ~Generator() {
    if (handle)
      handle.destroy();
  }
  bool next() {
    handle.resume();
    return !handle.done();
  }
  int value() const { return handle.promise().current; }
};

// An eagerly started task whose result is read once it is done.
struct Task {
  struct promise_type {
    int result = 0;
    Task get_return_object() { return Task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(int v) noexcept { result = v; }
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
  explicit Task(std::coroutine_handle<promise_type> h) : handle(h) {}
  Task(Task&& other) noexcept : handle(std::exchange(other.handle, nullptr)) {}
  ~Task() {
    if (handle)
      handle.destroy();
  }
  int get() const { return handle.promise().result; }
};

// An awaiter that completes at once with a value.
struct Ready {
  int value;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return value; }
};

MLFLOW_TRACE(TOOL) int step(int i) { return i * 10; }

MLFLOW_TRACE(CHAIN) Generator count_to(int n) {
  // expected-warning@-1 {{'count_to' is not traced: coroutines are not supported yet [mlflow-trace]}}
  for (int i = 1; i <= n; ++i)
    co_yield step(i);
}

MLFLOW_TRACE(AGENT) Task add_later(int a, int b) {
  // expected-warning@-1 {{'add_later' is not traced: coroutines are not supported yet [mlflow-trace]}}
  int x = co_await Ready{a};
  int y = co_await Ready{step(b)};
  co_return x + y;
}

}  // namespace co

int main() {
  co::Generator gen = co::count_to(2);
  while (gen.next())
    std::printf("yield %d\n", gen.value());
  // OUT: yield 10
  // OUT-NEXT: yield 20
  // CHECK: tr-{{[0-9a-f]+}}  step  OK
  // CHECK-NEXT: step [TOOL] OK {{[0-9.]+}} ms  in: {"i":1}  out: 10
  // CHECK: tr-{{[0-9a-f]+}}  step  OK
  // CHECK-NEXT: step [TOOL] OK {{[0-9.]+}} ms  in: {"i":2}  out: 20
  // FILTER: tr-{{[0-9a-f]+}}  get_return_object  OK
  // FILTER: tr-{{[0-9a-f]+}}  next  OK
  // FILTER-NEXT: next [UNKNOWN] OK {{[0-9.]+}} ms  in: {}  out: true
  // FILTER-NEXT: ├─ step [UNKNOWN] OK {{[0-9.]+}} ms  in: {"i":1}  out: 10
  // FILTER-NEXT: └─ yield_value [UNKNOWN] OK {{[0-9.]+}} ms  in: {"v":10}  out: "<std::suspend_always>"
  co::Task task = co::add_later(1, 2);
  std::printf("task %d\n", task.get());
  // OUT-NEXT: task 21
  // CHECK: tr-{{[0-9a-f]+}}  step  OK
  // CHECK-NEXT: step [TOOL] OK {{[0-9.]+}} ms  in: {"i":2}  out: 20
  // CHECK-NOT: tr-
  // FILTER: tr-{{[0-9a-f]+}}  get  OK
  // FILTER-NEXT: get [UNKNOWN] OK {{[0-9.]+}} ms  in: {}  out: 21
}
