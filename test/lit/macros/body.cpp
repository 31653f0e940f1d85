// MLFLOW_TRACE_BODY, without the plugin: the span the plugin makes. Named after the function
// (or given a name), the arguments by the names written as inputs, the block's returned value
// as output, an exception leaving the block as status ERROR with an `exception` event carrying
// its type and message, rethrown unchanged; a void block records no output. The same source
// builds warning-free with GCC.
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %s
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace_function.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace app {

long to_feet(double metres) {
  MLFLOW_TRACE_BODY(TOOL, metres) {
    if (metres < 0) throw std::domain_error("negative length");
    return std::lround(metres * 3.28084);
  };
}

struct Index {
  std::vector<std::string> lookup(const std::string& query, int k) const {
    MLFLOW_TRACE_NAMED_BODY("lookup_docs", RETRIEVER, query, k) {
      return std::vector<std::string>(static_cast<std::size_t>(k), query);
    };
  }
};

void log_line(const std::string& line) {
  MLFLOW_TRACE_BODY(CHAIN, line) { std::printf("log: %s\n", line.c_str()); };
}

}  // namespace app

int main() {
  MLFLOW_TRACE_BODY(AGENT) {
    long feet = app::to_feet(330.0);
    try {
      app::to_feet(-1.0);
    } catch (const std::domain_error& e) {
      // The exception arrives unchanged.
      std::printf("caught %s\n", e.what());
    }
    app::Index().lookup("tower", 2);
    app::log_line("done");
    std::printf("%ld\n", feet);
    return 0;
  };
}
// OUT: caught negative length
// OUT-NEXT: log: done
// OUT-NEXT: 1083

// CHECK: main [AGENT] OK {{.*}} in: {}  out: 0
// CHECK-NEXT: ├─ to_feet [TOOL] OK {{.*}} in: {"metres":330.0}  out: 1083
// CHECK-NEXT: ├─ to_feet [TOOL] ERROR (std::domain_error: negative length) {{.*}} in: {"metres":-1.0}{{$}}
// CHECK-NEXT: │  exception: std::domain_error: negative length
// CHECK-NEXT: ├─ lookup_docs [RETRIEVER] OK {{.*}} in: {"query":"tower","k":2}  out: ["tower","tower"]
// CHECK-NEXT: └─ log_line [CHAIN] OK {{.*}} in: {"line":"done"}{{$}}
