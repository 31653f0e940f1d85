// mlflow/chat.h: recording a chat model call in MLflow's shapes, so that the MLflow UI shows its
// chat view and token usage (docs/manual-api.md, "Chat spans"), without writing the JSON by hand.
//
//   auto span = mlflow::start_span("chat", mlflow::SpanType::CHAT_MODEL);
//   mlflow::chat::set_inputs(span, {{"system", "Be brief."}, {"user", question}}, "gpt-4o-mini");
//   mlflow::chat::set_tools(span, {{"get_weather", "The weather in a city",
//                                   R"({"type":"object","properties":{"city":{"type":"string"}}})"}});
//   ...
//   mlflow::chat::set_output(span, {"assistant", reply});
//   mlflow::chat::set_token_usage(span, {12, 30});
//
// The shapes are OpenAI's chat completion, which MLflow reads (mlflow.message.format "openai"):
// inputs {"messages": [...], "model": ...}, outputs {"choices": [{"index": 0, "message": {...},
// "finish_reason": ...}]}, attributes mlflow.chat.tools and mlflow.chat.tokenUsage. Only the
// standard library is needed. Every call does nothing on a span that is not recording.
#ifndef MLFLOW_CHAT_H
#define MLFLOW_CHAT_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <mlflow/span.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace chat {

// A tool call an assistant message asks for.
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments_json = "{}";  // the arguments as JSON text, as the model wrote them
};

// One message of a conversation (OpenAI's chat message).
struct Message {
  std::string role;     // "system", "user", "assistant" or "tool"
  std::string content;  // may be empty for an assistant message that only calls tools
  std::vector<ToolCall> tool_calls;  // an assistant's
  std::string tool_call_id;          // a "tool" message: the call it answers
  std::string name;                  // optional

  Message(std::string role_, std::string content_)
      : role(std::move(role_)), content(std::move(content_)) {}
};

// A tool the model may call (OpenAI's function tool; Python's mlflow.tracing.set_span_chat_tools).
struct Tool {
  std::string name;
  std::string description;
  std::string parameters_json = "{}";  // a JSON Schema, as JSON text

  Tool(std::string name_, std::string description_, std::string parameters_json_ = "{}")
      : name(std::move(name_)), description(std::move(description_)),
        parameters_json(std::move(parameters_json_)) {}
};

struct TokenUsage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
};

// The span's inputs: {"messages": [...]}, with "model" when given.
MLFLOW_API void set_inputs(SpanRef span, const std::vector<Message>& messages,
                           std::string_view model = {}) noexcept;
// The span's outputs: the assistant's reply as the one choice.
MLFLOW_API void set_output(SpanRef span, const Message& reply,
                           std::string_view finish_reason = "stop") noexcept;
// mlflow.chat.tools (Python's mlflow.tracing.set_span_chat_tools).
MLFLOW_API void set_tools(SpanRef span, const std::vector<Tool>& tools) noexcept;
// mlflow.chat.tokenUsage (input, output and total), which MLflow sums into the trace's usage.
MLFLOW_API void set_token_usage(SpanRef span, const TokenUsage& usage) noexcept;
// The messages as JSON text (OpenAI's shape), for values of your own.
MLFLOW_API std::string messages_json(const std::vector<Message>& messages);

}  // namespace chat
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_CHAT_H
