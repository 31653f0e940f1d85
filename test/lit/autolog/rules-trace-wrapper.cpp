// A rule makes the user's own LLM wrapper a span where it is defined, without an annotation:
// the rule's span type and name, only the inputs it lists (not the API key), the returned value
// as output with its token usage, model and message format read as the rule's usage= says; a
// second rule with output=none records no output. The program computes what it does without.
// RUN: %clangxx -std=c++17 %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-autolog-rules=%S/Inputs/wrapper-rules.txt %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: FileCheck --check-prefix=ATTRIBUTES %s < %t.traces/traces.jsonl
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace myapp {

class Client {
 public:
  explicit Client(std::string key) : key_(std::move(key)) {}
  nlohmann::json complete(const std::string& prompt, const std::string& model,
                          const std::string& api_key) const {
    (void)api_key;
    return {{"id", "chatcmpl-1"},
            {"model", model + "-2025"},
            {"choices", {{{"index", 0},
                          {"message", {{"role", "assistant"}, {"content", "Hi! " + prompt}}},
                          {"finish_reason", "stop"}}}},
            {"usage", {{"prompt_tokens", 7}, {"completion_tokens", 3}, {"total_tokens", 10}}}};
  }
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

std::vector<double> embed(const std::string& text) { return {double(text.size()), 0.5}; }

}  // namespace myapp

int main() {
  myapp::Client client("sk-rules-SECRET");
  nlohmann::json reply = client.complete("hello", "tiny", client.key());
  std::printf("%s %zu\n", reply["choices"][0]["message"]["content"].get<std::string>().c_str(),
              myapp::embed("abc").size());
}
// CHECK: llm.complete [CHAT_MODEL] OK {{.*}} in: {"prompt":"hello","model":"tiny"} out: {"choices"
// CHECK: embed [EMBEDDING] OK {{.*}} in: {"text":"abc"}
// CHECK-NOT: out:
// ATTRIBUTES-NOT: SECRET
// ATTRIBUTES: "mlflow.chat.tokenUsage":"{\"input_tokens\": 7, \"output_tokens\": 3, \"total_tokens\": 10}","mlflow.llm.model":"\"tiny-2025\"","mlflow.llm.provider":"\"openai\"","mlflow.message.format":"\"openai\""
// ATTRIBUTES-NOT: SECRET
