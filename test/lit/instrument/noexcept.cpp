// A noexcept function is traced like any other and stays noexcept. The inserted handler
// records an exception escaping it; the exception then still reaches the noexcept boundary and
// terminates the program, as without the plugin.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces not --crash %t throw 2>&1 | FileCheck %s --check-prefix=TERMINATE
#include <mlflow/trace.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

MLFLOW_TRACE(TOOL) int checked(int x) noexcept {
  if (x < 0)
    throw std::invalid_argument("negative");
  return x * 3;
}
// AST-LABEL: int checked(int x) noexcept {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"checked", "TOOL", "checked", "checked", "{{.*}}noexcept.cpp", 16U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "x", x);
// AST-NEXT:     }
// AST-NEXT:     try {
// AST:          } catch (...) {
// AST-NEXT:         record_exception(__mlflow_span);
// AST-NEXT:         throw;
// AST-NEXT:     }
// AST-NEXT: }

static_assert(noexcept(checked(1)), "still noexcept");

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "throw") == 0) {
    std::puts("calling checked(-1)");
    std::fflush(stdout);
    checked(-1);
    // TERMINATE: calling checked(-1)
    // TERMINATE: terminate called after throwing an instance of 'std::invalid_argument'
    std::puts("not reached");
    // TERMINATE-NOT: not reached
    return 0;
  }
  checked(5);
  // CHECK: tr-{{[0-9a-f]+}}  checked  OK
  // CHECK-NEXT: checked [TOOL] OK {{[0-9.]+}} ms  in: {"x":5}  out: 15
  // CHECK-NOT: tr-
}
