// Corpus (issue 14): functions returning a move-only type: std::unique_ptr from a named local, a
// prvalue, a moved parameter, a choice between two moved locals, a unique_ptr<Derived> local
// returned as unique_ptr<Base> (implicit move with a conversion), and a move-only class of our
// own that counts its moves. Each builds without a new diagnostic (no copy is ever needed),
// computes the same with and without the plugin (the move counts included), and is traced with
// the pointee, or the type, as output.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <memory>
#include <string>
#include <utility>

MLFLOW_TRACE(TOOL) std::unique_ptr<std::string> named(const char* text) {
  auto result = std::make_unique<std::string>(text);
  return result;
}
MLFLOW_TRACE(TOOL) std::unique_ptr<std::string> prvalue(const char* text) {
  return std::make_unique<std::string>(text);
}
MLFLOW_TRACE(TOOL) std::unique_ptr<std::string> pass(std::unique_ptr<std::string> p) {
  p->append("+");
  return p;
}
MLFLOW_TRACE(TOOL) std::unique_ptr<int> choose(bool first) {
  auto a = std::make_unique<int>(1);
  auto b = std::make_unique<int>(2);
  return first ? std::move(a) : std::move(b);
}

struct Base {
  virtual ~Base() = default;
  virtual int id() const { return 0; }
};
struct Derived : Base {
  int id() const override { return 7; }
};
MLFLOW_TRACE(TOOL) std::unique_ptr<Base> make_base() {
  auto d = std::make_unique<Derived>();
  return d;
}

struct Handle {
  static int moves;
  int fd;
  explicit Handle(int f) : fd(f) {}
  Handle(Handle&& o) noexcept : fd(std::exchange(o.fd, -1)) { ++moves; }
  Handle(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
};
int Handle::moves = 0;
MLFLOW_TRACE(TOOL) Handle open_named(int fd) {
  Handle h(fd);
  return h;
}
MLFLOW_TRACE(TOOL) Handle open_prvalue(int fd) { return Handle(fd); }
MLFLOW_TRACE(TOOL) Handle reopen(Handle h) { return h; }

int main() {
  std::printf("named %s\n", named("a")->c_str());
  // OUT: named a
  // CHECK: tr-{{[0-9a-f]+}}  named  OK
  // CHECK-NEXT: named [TOOL] OK {{[0-9.]+}} ms  in: {"text":"a"}  out: "a"
  std::printf("prvalue %s\n", prvalue("b")->c_str());
  // OUT-NEXT: prvalue b
  // CHECK: tr-{{[0-9a-f]+}}  prvalue  OK
  // CHECK-NEXT: prvalue [TOOL] OK {{[0-9.]+}} ms  in: {"text":"b"}  out: "b"
  std::printf("pass %s\n", pass(std::make_unique<std::string>("c"))->c_str());
  // OUT-NEXT: pass c+
  // CHECK: tr-{{[0-9a-f]+}}  pass  OK
  // CHECK-NEXT: pass [TOOL] OK {{[0-9.]+}} ms  in: {"p":"c"}  out: "c+"
  std::printf("choose %d\n", *choose(false));
  // OUT-NEXT: choose 2
  // CHECK: tr-{{[0-9a-f]+}}  choose  OK
  // CHECK-NEXT: choose [TOOL] OK {{[0-9.]+}} ms  in: {"first":false}  out: 2
  std::printf("make_base %d\n", make_base()->id());
  // OUT-NEXT: make_base 7
  // CHECK: tr-{{[0-9a-f]+}}  make_base  OK
  // CHECK-NEXT: make_base [TOOL] OK {{[0-9.]+}} ms  in: {}  out: "<Base>"
  Handle h1 = open_named(3);
  std::printf("open_named fd %d moves %d\n", h1.fd, Handle::moves);
  // OUT-NEXT: open_named fd 3 moves 0
  // CHECK: tr-{{[0-9a-f]+}}  open_named  OK
  // CHECK-NEXT: open_named [TOOL] OK {{[0-9.]+}} ms  in: {"fd":3}  out: "<Handle>"
  Handle::moves = 0;
  Handle h2 = open_prvalue(4);
  std::printf("open_prvalue fd %d moves %d\n", h2.fd, Handle::moves);
  // OUT-NEXT: open_prvalue fd 4 moves 0
  // CHECK: tr-{{[0-9a-f]+}}  open_prvalue  OK
  // CHECK-NEXT: open_prvalue [TOOL] OK {{[0-9.]+}} ms  in: {"fd":4}  out: "<Handle>"
  Handle::moves = 0;
  Handle h3 = reopen(Handle(5));
  std::printf("reopen fd %d moves %d\n", h3.fd, Handle::moves);
  // OUT-NEXT: reopen fd 5 moves 1
  // CHECK: tr-{{[0-9a-f]+}}  reopen  OK
  // CHECK-NEXT: reopen [TOOL] OK {{[0-9.]+}} ms  in: {"h":"<Handle>"}  out: "<Handle>"
  // CHECK-NOT: tr-
}
