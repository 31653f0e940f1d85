// chat.cpp: mlflow/chat.h, MLflow's chat shapes (OpenAI's chat completion) written for a span.
#include <mlflow/chat.h>

#include <nlohmann/json.hpp>

#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace chat {
namespace {

using nlohmann::json;

// Text that is not JSON (a model's broken arguments) is kept as a JSON string.
json json_or_string(const std::string& text) { return detail::parse_json_value(text); }

json message_json(const Message& m) {
  json out = {{"role", m.role}};
  // An assistant message that only calls tools has null content, as OpenAI writes it.
  out["content"] = m.content.empty() && !m.tool_calls.empty() ? json() : json(m.content);
  if (!m.name.empty()) out["name"] = m.name;
  if (!m.tool_call_id.empty()) out["tool_call_id"] = m.tool_call_id;
  if (!m.tool_calls.empty()) {
    json calls = json::array();
    for (const ToolCall& call : m.tool_calls)
      calls.push_back({{"id", call.id},
                       {"type", "function"},
                       {"function", {{"name", call.name}, {"arguments", call.arguments_json}}}});
    out["tool_calls"] = std::move(calls);
  }
  return out;
}

json messages_array(const std::vector<Message>& messages) {
  json array = json::array();
  for (const Message& m : messages) array.push_back(message_json(m));
  return array;
}

std::string text(const json& value) { return detail::to_json_text(value); }

}  // namespace

std::string messages_json(const std::vector<Message>& messages) {
  return text(messages_array(messages));
}

void set_inputs(SpanRef span, const std::vector<Message>& messages, std::string_view model) noexcept {
  if (!span.is_recording()) return;
  try {
    json inputs = {{"messages", messages_array(messages)}};
    if (!model.empty()) inputs["model"] = std::string(model);
    span.set_inputs_json(text(inputs)).set_attribute_json("mlflow.message.format", "\"openai\"");
  } catch (...) {  // out of memory: the inputs are lost, the program goes on
  }
}

void set_output(SpanRef span, const Message& reply, std::string_view finish_reason) noexcept {
  if (!span.is_recording()) return;
  try {
    json outputs = {{"choices", json::array({{{"index", 0},
                                              {"message", message_json(reply)},
                                              {"finish_reason", std::string(finish_reason)}}})}};
    span.set_outputs_json(text(outputs)).set_attribute_json("mlflow.message.format", "\"openai\"");
  } catch (...) {
  }
}

void set_tools(SpanRef span, const std::vector<Tool>& tools) noexcept {
  if (!span.is_recording()) return;
  try {
    json array = json::array();
    for (const Tool& tool : tools)
      array.push_back({{"type", "function"},
                       {"function", {{"name", tool.name},
                                     {"description", tool.description},
                                     {"parameters", json_or_string(tool.parameters_json)}}}});
    span.set_attribute_json("mlflow.chat.tools", text(array));
  } catch (...) {
  }
}

void set_token_usage(SpanRef span, const TokenUsage& usage) noexcept {
  if (!span.is_recording()) return;
  try {
    span.set_attribute_json("mlflow.chat.tokenUsage",
                            text({{"input_tokens", usage.input_tokens},
                                  {"output_tokens", usage.output_tokens},
                                  {"total_tokens", usage.input_tokens + usage.output_tokens}}));
  } catch (...) {
  }
}

}  // namespace chat
MLFLOW_END_NAMESPACE
