// A JSON document nested 100000 levels deep, as a traced function's argument and result, is
// recorded cut at the capture depth limit (64 levels, then "<...>"); nothing overflows the
// stack, and the program gets its value whole.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], a, len(t) - len(t.lstrip('[')), t.strip('[]}')) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans'] \
// RUN:    for a, v in [('in', s['attributes']['mlflow.spanInputs']), \
// RUN:                 ('out', s['attributes']['mlflow.spanOutputs'])] for t in [v[v.index('['):]]]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <string>
#include <utility>

constexpr int kLevels = 100000;

// (Moved, never copied: nlohmann's copy recurses, in the program as in a capture.)
MLFLOW_TRACE(TOOL) nlohmann::json wrap(nlohmann::json doc) {
  nlohmann::json wrapped = nlohmann::json::array();
  wrapped.push_back(std::move(doc));
  return wrapped;
}

int main() {
  // nlohmann's parser does not recurse: the program can hold such a value.
  const nlohmann::json wrapped =
      wrap(nlohmann::json::parse(std::string(kLevels, '[') + std::string(kLevels, ']')));
  std::printf("%d\n", wrapped.is_array() && wrapped.size() == 1 ? 1 : 0);
  // OUT: 1
  // The argument is the member "doc" of the inputs object; the result is one array more.
  // CHECK: wrap in 64 "<...>"
  // CHECK-NEXT: wrap out 64 "<...>"
  // CHECK-NOT: {{.}}
}
