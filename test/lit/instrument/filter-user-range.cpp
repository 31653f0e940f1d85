// A function selected by a name filter was not written to be traced: a class of the code base
// with begin()/end() may not be iterable where it is passed or returned (fmt 9's buffer leaves its
// pointer uninitialized until it first grows, and recording get_buffer's result read a wild
// address: test/robustness/NOTES.md, problem J). There such a range is recorded by name, as the
// program does not iterate it either; the standard library's containers are still recorded as
// lists, and a type with its own to_json by it. An annotated function records a user range as a
// list, as docs/capture.md says.
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Werror -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc %s %rtlib -o %t.filter
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Werror -fplugin=%plugin -DANNOTATED %rtinc %s %rtlib -o %t.annotated
// RUN: rm -rf %t.ft %t.at
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.ft %t.filter | FileCheck %s --check-prefix=OUT
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.at %t.annotated | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.ft | FileCheck %s --check-prefix=FILTER
// RUN: %mlflow_cpp show --no-color %t.at | FileCheck %s --check-prefix=ANNOTATED
// OUT: 5 3 6 2
// FILTER-DAG: make [UNKNOWN] OK {{.*}}  in: {"n":5}  out: "<app::buffer>"
// FILTER-DAG: use [UNKNOWN] OK {{.*}}  in: {"b":"<app::buffer>"}  out: 5
// FILTER-DAG: total [UNKNOWN] OK {{.*}}  in: {"values":[1,2,3]}  out: 6
// FILTER-DAG: count [UNKNOWN] OK {{.*}}  in: {"r":{"size":2}}  out: 2
// ANNOTATED-DAG: measure [TOOL] OK {{.*}}  in: {"r":[10,20]}  out: 2
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstddef>
#include <cstdio>
#include <vector>

namespace app {
// Iterating it before it holds anything reads through a null pointer.
class buffer {
  const char* ptr_ = nullptr;
  std::size_t size_;

 public:
  explicit buffer(std::size_t n) : size_(n) {}
  const char* begin() const { return ptr_; }
  const char* end() const { return ptr_ + size_; }
  std::size_t size() const { return size_; }
};
buffer make(std::size_t n) { return buffer(n); }
std::size_t use(const buffer& b) { return b.size(); }
int total(const std::vector<int>& values) {
  int sum = 0;
  for (int v : values) sum += v;
  return sum;
}

// A range with its own to_json.
struct Pair {
  int items[2] = {10, 20};
  const int* begin() const { return items; }
  const int* end() const { return items + 2; }
};
void to_json(nlohmann::json& j, const Pair&) { j = {{"size", 2}}; }
std::size_t count(const Pair& r) { return static_cast<std::size_t>(r.end() - r.begin()); }
}  // namespace app

#ifdef ANNOTATED
struct Ints {
  int items[2] = {10, 20};
  const int* begin() const { return items; }
  const int* end() const { return items + 2; }
};
MLFLOW_TRACE(TOOL) std::size_t measure(const Ints& r) { return 2 + 0 * static_cast<std::size_t>(r.end() - r.begin()); }
#endif

int main() {
  app::buffer b = app::make(5);
#ifdef ANNOTATED
  Ints r;
  measure(r);
#endif
  std::printf("%zu %zu %d %zu\n", app::use(b), app::use(app::buffer(3)), app::total({1, 2, 3}),
              app::count(app::Pair{}));
}
