// The qualified name the macros record as code.function.name, cut at compile time out of the
// compiler's signature of the function (__PRETTY_FUNCTION__): signatures as GCC and Clang write
// them are checked by static_assert with both compilers, and the names of a Clang build as
// recorded. mlflow.spanFunctionName is the function's own name (__func__).
// (-Wno-comment: the RUN lines below continue with a backslash.)
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -Wno-comment -pedantic %rtinc %s
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -Wno-comment -pedantic %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes'].get('mlflow.spanFunctionName'), \
// RUN:          s['attributes'].get('code.function.name')) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" | FileCheck %s
#include <mlflow/trace_function.h>

#include <map>
#include <string>

template <std::size_t N, std::size_t M>
constexpr bool name_is(const char (&signature)[N], const char (&expected)[M]) {
  const mlflow::detail::SignatureName<N> name(signature);
  for (std::size_t i = 0; i < M; ++i)
    if (name.text[i] != expected[i]) return false;
  return true;
}

// GCC's spelling.
static_assert(name_is("long int app::to_feet(double)", "app::to_feet"), "");
static_assert(name_is("const string& app::Index::name() const", "app::Index::name"), "");
static_assert(name_is("std::map<int, int> app::Index::lookup(int) const", "app::Index::lookup"), "");
static_assert(name_is("T app::id(T) [with T = long int]", "app::id"), "");
static_assert(name_is("app::Index::Index(std::string)", "app::Index::Index"), "");
static_assert(name_is("bool app::Index::operator<(const app::Index&) const",
                      "app::Index::operator<"), "");
static_assert(name_is("app::Index::operator int() const", "app::Index::operator int"), "");
static_assert(name_is("int app::{anonymous}::anon(int)", "app::{anonymous}::anon"), "");
static_assert(name_is("main()::<lambda(int)>", "main()::<lambda(int)>"), "");
static_assert(name_is("int main()", "main"), "");
// Clang's.
static_assert(name_is("long app::to_feet(double)", "app::to_feet"), "");
static_assert(name_is("const std::string &app::Index::name() const", "app::Index::name"), "");
static_assert(name_is("T app::id(T) [T = long]", "app::id"), "");
static_assert(name_is("int app::(anonymous namespace)::anon(int)",
                      "app::(anonymous namespace)::anon"), "");
static_assert(name_is("auto main()::(anonymous class)::operator()(int) const",
                      "main()::(anonymous class)::operator()"), "");
static_assert(name_is("int *app::Box<int>::get() &&", "app::Box<int>::get"), "");
// A shape it does not know: all of it.
static_assert(name_is("mystery", "mystery"), "");

namespace app {
template <class T>
T id(T v) {
  MLFLOW_TRACE_BODY(CHAIN, v) { return v; };
}
template <class T>
struct Box {
  T value;
  const T* get() const {
    MLFLOW_TRACE_FUNCTION(UNKNOWN);
    return &value;
  }
};
namespace {
int anon(int x) {
  MLFLOW_TRACE_BODY(TOOL, x) { return x; };
}
}  // namespace
}  // namespace app

int main() {
  app::id(2L);
  app::Box<int>{1}.get();
  app::anon(3);
  auto twice = [](int q) { MLFLOW_TRACE_BODY(TOOL, q) { return 2 * q; }; };
  return twice(0);
}
// CHECK: id "id" "app::id"
// CHECK: get "get" "app::Box<int>::get"
// CHECK: anon "anon" "app::(anonymous namespace)::anon"
// CHECK: operator() "operator()" "main()::(anonymous class)::operator()"
