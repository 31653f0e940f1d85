// MLFLOW_TRACE_FUNCTION, without the plugin: a span from the macro to the end of the scope, for
// functions MLFLOW_TRACE_BODY does not fit (a returned reference, a constructor).
// MLFLOW_TRACE_RESULT records the output and returns the value itself (the same object: the
// reference returned still names the member). An exception leaving the scope is status ERROR
// with an `exception` event that says the span could not read it. Builds warning-free with GCC.
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %s
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace_function.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace app {

class Index {
 public:
  explicit Index(std::string name) : name_(std::move(name)) {
    MLFLOW_TRACE_NAMED_FUNCTION("open_index", RETRIEVER, name_);
  }
  const std::string& name() const {
    MLFLOW_TRACE_FUNCTION(RETRIEVER);
    return MLFLOW_TRACE_RESULT(name_);
  }
  int check(int k) const {
    MLFLOW_TRACE_FUNCTION(TOOL, k);
    if (k < 0) throw std::out_of_range("k");
    return MLFLOW_TRACE_RESULT(k * 2);
  }

 private:
  std::string name_;
};

}  // namespace app

int main() {
  MLFLOW_TRACE_FUNCTION(AGENT);
  app::Index index("wiki");
  const std::string& name = index.name();
  std::printf("same object: %d\n", &name == &index.name() ? 1 : 0);
  int twice = index.check(21);
  try {
    index.check(-1);
  } catch (const std::out_of_range& e) {
    std::printf("caught %s\n", e.what());
  }
  return MLFLOW_TRACE_RESULT(twice - 42);
}
// OUT: same object: 1
// OUT-NEXT: caught k

// CHECK: main [AGENT] OK {{.*}} in: {}  out: 0
// CHECK-NEXT: ├─ open_index [RETRIEVER] OK {{.*}} in: {"name_":"wiki"}{{$}}
// CHECK-NEXT: ├─ name [RETRIEVER] OK {{.*}} in: {}  out: "wiki"
// CHECK-NEXT: ├─ name [RETRIEVER] OK {{.*}} in: {}  out: "wiki"
// CHECK-NEXT: ├─ check [TOOL] OK {{.*}} in: {"k":21}  out: 42
// CHECK-NEXT: └─ check [TOOL] ERROR (an exception left the function) {{.*}} in: {"k":-1}{{$}}
// CHECK-NEXT:    exception: unknown: an exception left the function (a span that ends while the {{.*}}
