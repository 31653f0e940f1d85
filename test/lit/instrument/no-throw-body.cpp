// A body that cannot throw gets no try/catch: there is no exception to record. "Cannot throw" is
// Sema's own analysis, the one behind noexcept(expr): no throw expression, and every call is to a
// function that cannot throw (noexcept). A body that calls a function that may throw (not
// noexcept, whether or not it ever does) keeps its handler, and an exception leaving it is
// recorded and rethrown (exception-rethrown.cpp).
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>

#include <cstdio>
#include <stdexcept>
#include <string>

int twice(int x) noexcept { return 2 * x; }
int checked(int x) {  // may throw
  if (x < 0)
    throw std::invalid_argument("negative");
  return x;
}

// Arithmetic, and calls to noexcept functions only (string::size is noexcept): no handler.
MLFLOW_TRACE(TOOL) int score(const std::string& word, int bonus) {
  int n = static_cast<int>(word.size());
  return twice(n) + bonus;
}
// AST-LABEL: int score(const std::string &word, int bonus) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {{.*}};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "word", word);
// AST-NEXT:         record_arg(__mlflow_span, "bonus", bonus);
// AST-NEXT:     }
// AST-NEXT:     {
// AST-NEXT:         int n = static_cast<int>(word.size());
// AST-NEXT:         return record_return(__mlflow_span, twice(n) + bonus);
// AST-NEXT:     }
// AST-NEXT: }

// A call that may throw: the handler stays.
MLFLOW_TRACE(TOOL) int guarded(int x) { return checked(x) + 1; }
// AST-LABEL: int guarded(int x) {
// AST:         try {
// AST-NEXT:        return record_return(__mlflow_span, checked(x) + 1);
// AST-NEXT:    } catch (...) {
// AST-NEXT:        record_exception(__mlflow_span);
// AST-NEXT:        throw;
// AST-NEXT:    }

// GNU `a ?: b` is not looked into by Sema's analysis: the handler stays.
MLFLOW_TRACE(TOOL) int fallback(int x) { return x ?: checked(-1); }
// AST-LABEL: int fallback(int x) {
// AST:         try {

int main() {
  std::printf("%d\n", score("abc", 1));
  // OUT: 7
  // CHECK: tr-{{[0-9a-f]+}}  score  OK
  // CHECK-NEXT: score [TOOL] OK {{[0-9.]+}} ms  in: {{.*}}"bonus":1{{.*}}  out: 7
  std::printf("%d\n", guarded(4));
  // OUT-NEXT: 5
  // CHECK: tr-{{[0-9a-f]+}}  guarded  OK
  // CHECK-NEXT: guarded [TOOL] OK {{[0-9.]+}} ms  in: {"x":4}  out: 5
  try {
    guarded(-4);
  } catch (const std::invalid_argument& e) {
    std::printf("caught %s\n", e.what());
    // OUT-NEXT: caught negative
  }
  // CHECK: tr-{{[0-9a-f]+}}  guarded  ERROR
  // CHECK-NEXT: guarded [TOOL] ERROR (std::invalid_argument: negative) {{[0-9.]+}} ms  in: {"x":-4}{{$}}
  // CHECK-NEXT: exception: std::invalid_argument: negative
  std::printf("%d\n", fallback(3));
  // OUT-NEXT: 3
  // CHECK: tr-{{[0-9a-f]+}}  fallback  OK
  // CHECK-NOT: tr-
}
