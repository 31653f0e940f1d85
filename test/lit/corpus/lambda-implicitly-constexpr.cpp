// Corpus (issue 14): an annotated lambda returning a class type by a non-trivial expression
// (`return v + v;` of std::string). From C++17 on a lambda's call operator is implicitly
// constexpr when it can be, so from C++20 on the plugin treats it as a constexpr function. It
// used to warn that the output was not recorded (failing -Werror for a lambda the user never
// declared constexpr); std::string's move constructor is a real one, so the output is recorded
// and nothing is diagnosed.
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++23 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

int main() {
  auto twice = [] MLFLOW_TRACE(TOOL) (const std::string& v) { return v + v; };
  auto generic = [] MLFLOW_TRACE(TOOL) (const auto& v) { return v + v; };
  std::printf("%s %s\n", twice("ab").c_str(), generic(std::string("c")).c_str());
  // OUT: abab cc
  // CHECK: lambda@lambda-implicitly-constexpr.cpp:{{[0-9]+}} [TOOL] OK {{[0-9.]+}} ms  in: {"v":"ab"}  out: "abab"
  // CHECK: lambda@lambda-implicitly-constexpr.cpp:{{[0-9]+}} [TOOL] OK {{[0-9.]+}} ms  in: {"v":"c"}  out: "cc"
}
// REQUIRES: scoped-plugin-attributes, std-c++23
