// Members of a class template, defined in the class or out of line, are traced in every
// instantiation of the class; the qualified name (code.function.name) names the specialization.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], json.loads(s['attributes']['code.function.name'])) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s --check-prefix=QUALIFIED
#include <mlflow/trace.h>

#include <string>

template <class T>
struct Box {
  T value{};
  MLFLOW_TRACE(TOOL) T get() const { return value; }
  MLFLOW_TRACE(MEMORY) void set(const T& v);
};

template <class T>
void Box<T>::set(const T& v) {
  value = v;
}

int main() {
  Box<int> numbers;
  numbers.set(5);
  // CHECK: tr-{{[0-9a-f]+}}  set  OK
  // CHECK-NEXT: set [MEMORY] OK {{[0-9.]+}} ms  in: {"v":5}{{$}}
  // QUALIFIED: set Box<int>::set
  numbers.get();
  // CHECK: tr-{{[0-9a-f]+}}  get  OK
  // CHECK-NEXT: get [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 5
  // QUALIFIED-NEXT: get Box<int>::get
  Box<std::string> words;
  words.set("w");
  // CHECK: tr-{{[0-9a-f]+}}  set  OK
  // CHECK-NEXT: set [MEMORY] OK {{[0-9.]+}} ms  in: {"v":"w"}{{$}}
  // QUALIFIED-NEXT: set Box<std::basic_string<char>>::set
  words.get();
  // CHECK: tr-{{[0-9a-f]+}}  get  OK
  // CHECK-NEXT: get [TOOL] OK {{[0-9.]+}} ms  in: {}  out: "w"
  // QUALIFIED-NEXT: get Box<std::basic_string<char>>::get
  // CHECK-NOT: tr-
  // QUALIFIED-NOT: {{.}}
}
