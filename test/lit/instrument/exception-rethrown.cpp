// An exception leaving a traced function sets the span's status to ERROR with the message
// "<type>: <what()>" and adds an `exception` event (exception.type, exception.message,
// exception.stacktrace); it is then rethrown unchanged: the caller catches the same object, of its
// dynamic type. Every traced frame it leaves records it; a frame that catches it stays OK.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['status']['code'], repr(s['status']['message']), \
// RUN:          [(e['name'], e['attributes']['exception.type'], e['attributes']['exception.message'], \
// RUN:            'stacktrace' if e['attributes']['exception.stacktrace'] else 'none') for e in s['events']]) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s --check-prefix=EVENTS
#include <mlflow/trace.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace app {
struct QuotaError : std::runtime_error {
  static const QuotaError* thrown;
  int used;
  QuotaError(int used) : std::runtime_error("over quota"), used(used) { thrown = this; }
  QuotaError(const QuotaError& other) : std::runtime_error(other), used(other.used) {
    std::puts("copied");
  }
};
const QuotaError* QuotaError::thrown = nullptr;
}  // namespace app

MLFLOW_TRACE(TOOL) int write(int bytes) {
  if (bytes > 100)
    throw std::runtime_error("disk full");
  return bytes;
}

MLFLOW_TRACE(CHAIN) int save(int bytes) { return write(bytes) + 1; }

MLFLOW_TRACE(TOOL) void spend(int amount) {
  if (amount > 3)
    throw app::QuotaError(amount);
}

MLFLOW_TRACE(AGENT) int recover(int bytes) {
  try {
    return save(bytes);
  } catch (const std::runtime_error&) {
    return -1;
  }
}

int main() {
  try {
    save(500);
  } catch (const std::runtime_error& e) {
    std::printf("caught: %s\n", e.what());
  }
  // OUT: caught: disk full
  // CHECK: tr-{{[0-9a-f]+}}  save  ERROR
  // CHECK-NEXT: save [CHAIN] ERROR (std::runtime_error: disk full) {{[0-9.]+}} ms  in: {"bytes":500}{{$}}
  // CHECK-NEXT: │  exception: std::runtime_error: disk full
  // CHECK-NEXT: └─ write [TOOL] ERROR (std::runtime_error: disk full) {{[0-9.]+}} ms  in: {"bytes":500}{{$}}
  // CHECK-NEXT: exception: std::runtime_error: disk full
  // EVENTS: save STATUS_CODE_ERROR 'std::runtime_error: disk full' [('exception', 'std::runtime_error', 'disk full', 'stacktrace')]
  // EVENTS-NEXT: write STATUS_CODE_ERROR 'std::runtime_error: disk full' [('exception', 'std::runtime_error', 'disk full', 'stacktrace')]

  try {
    spend(5);
  } catch (const app::QuotaError& e) {
    std::printf("caught QuotaError used=%d same object: %s\n", e.used,
                &e == app::QuotaError::thrown ? "yes" : "no");
  }
  // OUT-NOT: copied
  // OUT: caught QuotaError used=5 same object: yes
  // CHECK: tr-{{[0-9a-f]+}}  spend  ERROR
  // CHECK-NEXT: spend [TOOL] ERROR (app::QuotaError: over quota) {{[0-9.]+}} ms  in: {"amount":5}{{$}}
  // CHECK-NEXT: exception: app::QuotaError: over quota
  // EVENTS-NEXT: spend STATUS_CODE_ERROR 'app::QuotaError: over quota' [('exception', 'app::QuotaError', 'over quota', 'stacktrace')]

  std::printf("recover: %d\n", recover(200));
  // OUT: recover: -1
  // CHECK: tr-{{[0-9a-f]+}}  recover  OK
  // CHECK-NEXT: recover [AGENT] OK {{[0-9.]+}} ms  in: {"bytes":200}  out: -1
  // CHECK-NEXT: └─ save [CHAIN] ERROR (std::runtime_error: disk full)
  // CHECK-NEXT: │  exception: std::runtime_error: disk full
  // CHECK-NEXT: └─ write [TOOL] ERROR (std::runtime_error: disk full)
  // CHECK-NEXT: exception: std::runtime_error: disk full
  // EVENTS-NEXT: recover STATUS_CODE_OK '' []
  // EVENTS-NEXT: save STATUS_CODE_ERROR
  // EVENTS-NEXT: write STATUS_CODE_ERROR

  std::printf("save: %d\n", save(10));
  // OUT: save: 11
  // CHECK: tr-{{[0-9a-f]+}}  save  OK
  // CHECK-NEXT: save [CHAIN] OK {{[0-9.]+}} ms  in: {"bytes":10}  out: 11
  // CHECK-NEXT: └─ write [TOOL] OK {{[0-9.]+}} ms  in: {"bytes":10}  out: 10
  // CHECK-NOT: tr-
  // EVENTS-NEXT: save STATUS_CODE_OK '' []
  // EVENTS-NEXT: write STATUS_CODE_OK '' []
}
