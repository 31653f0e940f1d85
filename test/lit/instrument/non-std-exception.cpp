// An exception of a type not derived from std::exception is recorded by its type alone: status
// ERROR with the demangled type name as message, an `exception` event with an empty message.
// It reaches the caller unchanged.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['status']['code'], repr(s['status']['message']), \
// RUN:          [(e['attributes']['exception.type'], e['attributes']['exception.message']) for e in s['events']]) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s --check-prefix=EVENTS
#include <mlflow/trace.h>

#include <cstdio>

namespace net {
struct Timeout {
  int after_ms;
};
}  // namespace net

MLFLOW_TRACE(TOOL) int fetch(int ms) {
  if (ms > 10)
    throw net::Timeout{ms};
  return 0;
}

MLFLOW_TRACE(TOOL) int parse(int code) {
  if (code != 0)
    throw code;
  return 1;
}

int main() {
  try {
    fetch(30);
  } catch (const net::Timeout& t) {
    std::printf("timeout after %d ms\n", t.after_ms);
  }
  // OUT: timeout after 30 ms
  // CHECK: tr-{{[0-9a-f]+}}  fetch  ERROR
  // CHECK-NEXT: fetch [TOOL] ERROR (net::Timeout) {{[0-9.]+}} ms  in: {"ms":30}{{$}}
  // CHECK-NEXT: exception: net::Timeout{{$}}
  // EVENTS: fetch STATUS_CODE_ERROR 'net::Timeout' [('net::Timeout', '')]
  try {
    parse(42);
  } catch (int code) {
    std::printf("code %d\n", code);
  }
  // OUT: code 42
  // CHECK: tr-{{[0-9a-f]+}}  parse  ERROR
  // CHECK-NEXT: parse [TOOL] ERROR (int) {{[0-9.]+}} ms  in: {"code":42}{{$}}
  // EVENTS-NEXT: parse STATUS_CODE_ERROR 'int' [('int', '')]
  // CHECK-NOT: tr-
}
