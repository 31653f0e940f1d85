// Invalid UTF-8 in a traced function's string arguments, in map keys (maps the library captures
// and maps nlohmann converts) and in its result is recorded as valid JSON: each invalid byte
// becomes U+FFFD. Python reads the stored trace as UTF-8 and parses each value strictly.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], ascii(json.loads(s['attributes']['mlflow.spanInputs'])), \
// RUN:          ascii(json.loads(s['attributes']['mlflow.spanOutputs']))) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" \
// RUN:   | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <map>
#include <string>

struct Tag {
  std::string label;
};
void to_json(nlohmann::json& j, const Tag& tag) { j = tag.label; }

MLFLOW_TRACE(TOOL) std::string echo(const std::string& text,
                                    const std::map<std::string, std::string>& headers,
                                    const std::map<std::string, Tag>& tags) {
  return text + "\xff" + std::to_string(headers.size() + tags.size());
}

int main() {
  std::printf("%zu\n", echo("a\xc3", {{"k\xfe", "v\x80"}}, {{"t\xff", Tag{"x\xed\xa0\x80"}}}).size());
  // OUT: 4
  // CHECK: echo {'text': 'a\ufffd', 'headers': {'k\ufffd': 'v\ufffd'}, 'tags': {'t\ufffd': 'x\ufffd\ufffd\ufffd'}} 'a\ufffd\ufffd2'
  // CHECK-NOT: {{.}}
}
