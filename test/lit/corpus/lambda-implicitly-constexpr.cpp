// Corpus (issue 14): an annotated lambda returning a class type by a non-trivial expression
// (`return v + v;` of std::string). From C++17 on a lambda's call operator is implicitly
// constexpr when it can be, so from C++20 on (where the plugin traces constexpr functions) the
// plugin warns "the return value of 'operator()' is not recorded as its span's output: in a
// constexpr function, recording it would use a copy constructor the function does not use"
// and records no output: a new diagnostic (fails -Werror) for a lambda the user never declared
// constexpr, and a lost output. (C++17 builds and records it.)
// XFAIL: *
// Bug: plugin/instrument/ReturnCapture.cpp treats an implicitly constexpr lambda like one the user
// declared constexpr.
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
  // CHECK: lambda@lambda-implicitly-constexpr.cpp:23 [TOOL] OK {{[0-9.]+}} ms  in: {"v":"ab"}  out: "abab"
  // CHECK: lambda@lambda-implicitly-constexpr.cpp:24 [TOOL] OK {{[0-9.]+}} ms  in: {"v":"c"}  out: "cc"
}
