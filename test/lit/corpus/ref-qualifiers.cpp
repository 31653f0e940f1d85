// Corpus (issue 14): member functions overloaded on ref-qualifiers (& / const& / &&). The call on
// an lvalue returns a reference to the member itself; the call on an rvalue moves the member out
// (the object is left empty, as without the plugin); a const& overload on a temporary. Each builds
// without a new diagnostic, computes the same with and without the plugin, and the overload that
// ran is the one traced.
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

struct Buffer {
  std::string data = "payload";
  MLFLOW_TRACE(MEMORY, "get&") std::string& get() & { return data; }
  MLFLOW_TRACE(MEMORY, "get const&") const std::string& get() const& { return data; }
  MLFLOW_TRACE(MEMORY, "get&&") std::string get() && { return std::move(data); }
  MLFLOW_TRACE(MEMORY, "size const&") std::size_t size() const& { return data.size(); }
  MLFLOW_TRACE(MEMORY, "size&&") std::size_t size() && { return data.size() + 1000; }
};

int main() {
  Buffer b;
  std::string& ref = b.get();
  ref += "!";
  std::printf("get& same %d, data %s\n", &ref == &b.data, b.data.c_str());
  // OUT: get& same 1, data payload!
  // CHECK: tr-{{[0-9a-f]+}}  get&  OK
  // CHECK-NEXT: get& [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: "payload"
  const Buffer& cb = b;
  std::printf("get const& same %d\n", &cb.get() == &b.data);
  // OUT-NEXT: get const& same 1
  // CHECK: tr-{{[0-9a-f]+}}  get const&  OK
  // CHECK-NEXT: get const& [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: "payload!"
  std::string taken = std::move(b).get();
  std::printf("get&& taken %s, left [%s]\n", taken.c_str(), b.data.c_str());
  // OUT-NEXT: get&& taken payload!, left []
  // CHECK: tr-{{[0-9a-f]+}}  get&&  OK
  // CHECK-NEXT: get&& [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: "payload!"
  std::printf("size %zu %zu\n", cb.size(), Buffer().size());
  // OUT-NEXT: size 0 1007
  // CHECK-DAG: size const& [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: 0
  // CHECK-DAG: size&& [MEMORY] OK {{[0-9.]+}} ms  in: {}  out: 1007
  // CHECK-NOT: tr-
}
