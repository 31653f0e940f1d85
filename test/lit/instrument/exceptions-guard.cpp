// -fplugin-arg-mlflow-exceptions=guard: no handler around a traced body; its span is a
// GuardedFunctionSpan, which notices, when it ends while the stack unwinds, that an exception is
// leaving the function, and records status ERROR with an `exception` event (type "unknown": no
// handler runs, so nothing can read the exception). The exception itself is untouched: the
// caller catches the very object that was thrown, nothing is copied. A frame that catches the
// exception stays OK; a body that cannot throw keeps the plain FunctionSpan; a constexpr function
// (C++20) still evaluates at compile time. A bad value is an error.
// RUN: %clangxx -std=c++20 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-exceptions=guard %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror -fplugin=%plugin -fplugin-arg-mlflow-exceptions=guard %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['status']['code'], repr(s['status'].get('message', '')), \
// RUN:          [(e['name'], e['attributes']['exception.type'], e['attributes']['exception.message']) for e in s['events']]) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s --check-prefix=EVENTS
// RUN: not %clangxx -std=c++20 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-exceptions=rethrow %rtinc %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD
// BAD: error: mlflow plugin: exceptions= takes catch or guard, not 'exceptions=rethrow'
#include <mlflow/trace.h>

#include <cstdio>
#include <stdexcept>

struct QuotaError : std::runtime_error {
  static const QuotaError* thrown;
  QuotaError() : std::runtime_error("over quota") { thrown = this; }
  QuotaError(const QuotaError& other) : std::runtime_error(other) { std::puts("copied"); }
};
const QuotaError* QuotaError::thrown = nullptr;

MLFLOW_TRACE(TOOL) int charge(int amount) {
  if (amount > 10)
    throw QuotaError();
  return amount;
}
// AST-LABEL: int charge(int amount) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site
// AST-NEXT:     mlflow::detail::GuardedFunctionSpan __mlflow_span(__mlflow_site);
// AST-NOT:      try
// AST-NOT:      catch
// AST:      }

MLFLOW_TRACE(AGENT) int bill(int amount) { return charge(amount) * 2; }

MLFLOW_TRACE(AGENT) int safe_bill(int amount) {
  try {
    return bill(amount);
  } catch (const QuotaError& e) {
    return -1;
  }
}

MLFLOW_TRACE(TOOL) int add(int a, int b) noexcept { return a + b; }
// AST-LABEL: int add(int a, int b) noexcept {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);

MLFLOW_TRACE(TOOL) constexpr int checked_square(int x) {
  if (x > 1000)
    throw std::out_of_range("too big");
  return x * x;
}
static_assert(checked_square(12) == 144);

int main() {
  try {
    bill(50);
  } catch (const QuotaError& e) {
    std::printf("caught the thrown object: %s\n", &e == QuotaError::thrown ? "yes" : "no");
  }
  std::printf("safe_bill %d add %d square %d\n", safe_bill(20), add(1, 2), checked_square(3));
  // OUT: caught the thrown object: yes
  // OUT-NOT: copied
  // OUT: safe_bill -1 add 3 square 9
}
// EVENTS: bill STATUS_CODE_ERROR 'an exception left the function' [('exception', 'unknown', 'an exception left the function (compiled with exceptions=guard, which keeps the throw site on the stack and cannot read the exception)')]
// EVENTS-NEXT: charge STATUS_CODE_ERROR 'an exception left the function' [('exception', 'unknown',
// EVENTS-NEXT: safe_bill STATUS_CODE_OK '' []
// EVENTS-NEXT: bill STATUS_CODE_ERROR 'an exception left the function'
// EVENTS-NEXT: charge STATUS_CODE_ERROR 'an exception left the function'
// EVENTS-NEXT: add STATUS_CODE_OK '' []
// EVENTS-NEXT: checked_square STATUS_CODE_OK '' []
