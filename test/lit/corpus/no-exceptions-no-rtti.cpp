// Corpus (issue 14): builds without exceptions, without RTTI, and without both. The same source
// (its throw and catch only where exceptions exist) builds without a new diagnostic in each mode,
// computes the same with and without the plugin, and is traced: virtual functions (vtables
// without type_info), a type recorded by its name, a std::function argument, and, with
// exceptions but without RTTI, an exception leaving a traced function (status ERROR with its
// message; the program catches it as before).
// RUN: rm -rf %t && mkdir -p %t
// -fno-exceptions:
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fno-exceptions %rtinc %s %rtlib -o %t/noexc.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fno-exceptions -fplugin=%plugin %rtinc %s %rtlib -o %t/noexc.traced
// RUN: %t/noexc.plain > %t/noexc.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/noexc.traces %t/noexc.traced > %t/noexc.traced.out
// RUN: diff %t/noexc.plain.out %t/noexc.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t/noexc.plain.out
// RUN: %mlflow_cpp show --no-color %t/noexc.traces | FileCheck %s --check-prefixes=CHECK,NOEXC
// -fno-rtti:
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fno-rtti %rtinc %s %rtlib -o %t/nortti.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fno-rtti -fplugin=%plugin %rtinc %s %rtlib -o %t/nortti.traced
// RUN: %t/nortti.plain > %t/nortti.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/nortti.traces %t/nortti.traced > %t/nortti.traced.out
// RUN: diff %t/nortti.plain.out %t/nortti.traced.out
// RUN: FileCheck %s --check-prefixes=OUT,OUT-EXC --input-file=%t/nortti.plain.out
// RUN: %mlflow_cpp show --no-color %t/nortti.traces | FileCheck %s --check-prefixes=CHECK,EXC
// Both:
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti %rtinc %s %rtlib -o %t/both.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti -fplugin=%plugin %rtinc %s %rtlib -o %t/both.traced
// RUN: %t/both.plain > %t/both.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t/both.traces %t/both.traced > %t/both.traced.out
// RUN: diff %t/both.plain.out %t/both.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t/both.plain.out
// RUN: %mlflow_cpp show --no-color %t/both.traces | FileCheck %s --check-prefixes=CHECK,NOEXC
#include <mlflow/trace.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct Shape {
  virtual ~Shape() = default;
  MLFLOW_TRACE(TOOL) virtual double area() const { return 0; }
};
struct Square : Shape {
  double side;
  explicit Square(double s) : side(s) {}
  MLFLOW_TRACE(TOOL) double area() const override { return side * side; }
};

struct Opaque {
  int secret = 42;
};

MLFLOW_TRACE(CHAIN) double total(const std::vector<std::unique_ptr<Shape>>& shapes, Opaque o) {
  double sum = o.secret;
  for (const auto& s : shapes)
    sum += s->area();
  return sum;
}

MLFLOW_TRACE(TASK) int apply(const std::function<int(int)>& f, int x) { return f(x); }

MLFLOW_TRACE(PARSER) int parse_digit(char c) {
  if (c < '0' || c > '9') {
#if defined(__cpp_exceptions)
    throw std::invalid_argument(std::string("not a digit: ") + c);
#else
    return -1;
#endif
  }
  return c - '0';
}

int main() {
  std::vector<std::unique_ptr<Shape>> shapes;
  shapes.push_back(std::make_unique<Square>(2));
  shapes.push_back(std::make_unique<Shape>());
  std::printf("total %.1f\n", total(shapes, Opaque{}));
  // OUT: total 46.0
  // CHECK: tr-{{[0-9a-f]+}}  total  OK
  // CHECK-NEXT: total [CHAIN] OK {{[0-9.]+}} ms  in: {"shapes":["<Shape>","<Shape>"],"o":"<Opaque>"}  out: 46.0
  // CHECK-NEXT: ├─ area [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 4.0
  // CHECK-NEXT: └─ area [TOOL] OK {{[0-9.]+}} ms  in: {}  out: 0.0
  std::printf("apply %d\n", apply([](int v) { return v * 3; }, 5));
  // OUT-NEXT: apply 15
  // CHECK: tr-{{[0-9a-f]+}}  apply  OK
  // CHECK-NEXT: apply [TASK] OK {{[0-9.]+}} ms  in: {"f":"<std::function<int (int)>>","x":5}  out: 15
  std::printf("digit %d\n", parse_digit('7'));
  // OUT-NEXT: digit 7
  // CHECK: tr-{{[0-9a-f]+}}  parse_digit  OK
  // CHECK-NEXT: parse_digit [PARSER] OK {{[0-9.]+}} ms  in: {"c":"7"}  out: 7
#if defined(__cpp_exceptions)
  try {
    parse_digit('x');
  } catch (const std::invalid_argument& e) {
    std::printf("caught %s\n", e.what());
  }
  // OUT-EXC-NEXT: caught not a digit: x
  // EXC: tr-{{[0-9a-f]+}}  parse_digit  ERROR
  // EXC-NEXT: parse_digit [PARSER] ERROR (std::invalid_argument: not a digit: x) {{[0-9.]+}} ms  in: {"c":"x"}{{$}}
  // EXC-NEXT: exception: std::invalid_argument: not a digit: x
#else
  std::printf("digit %d\n", parse_digit('x'));
  // NOEXC: tr-{{[0-9a-f]+}}  parse_digit  OK
  // NOEXC-NEXT: parse_digit [PARSER] OK {{[0-9.]+}} ms  in: {"c":"x"}  out: -1
#endif
  // CHECK-NOT: tr-
}
