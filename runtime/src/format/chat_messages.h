// chat_messages.h: what the runtime knows of OpenAI-style chat shapes, read only: where a request
// or a response keeps its messages, the text of a message, its content parts and tool calls.
//
// Two formats read them: trace_info.h (the request/response previews, by MLflow's own rule) and
// otlp_genai.h (gen_ai.input/output.messages, in the GenAI conventions' shapes). Both go through
// this file, so a chat shape learnt here is learnt for both. Nothing here throws on odd shapes:
// what does not fit is not found.
#ifndef MLFLOW_RUNTIME_CHAT_MESSAGES_H
#define MLFLOW_RUNTIME_CHAT_MESSAGES_H

#include <mlflow/version.h>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// --- MLflow's preview rule (mlflow/tracing/utils: _try_extract_messages and friends) ----------

// The messages of a chat request or response, as MLflow's Python client finds them for the
// previews: "messages" (OpenAI chat requests), the first choice's "message" (chat responses),
// "input" / "output" (the Responses API), or the same inside "request" (a ResponsesAgent).
// A message there is an object with "role" and "content". Nothing when `value` has none of
// these keys.
std::optional<std::vector<const nlohmann::json*>> find_chat_messages(const nlohmann::json& value);

// Python's _get_text_content_from_message: the content when it is a string, else the first
// string or text / output_text part of a content list; empty otherwise.
std::string chat_message_text(const nlohmann::json& message);

// --- The request and response objects -----------------------------------------------------------

// The request's messages: inputs["messages"] when it is a list, else the inputs themselves when
// they are a non-empty list whose every item has a string "role". nullptr otherwise.
const nlohmann::json* request_messages(const nlohmann::json& inputs);

// The response's choices: outputs["choices"] when it is a list; nullptr otherwise.
const nlohmann::json* response_choices(const nlohmann::json& outputs);

// One choice of a chat (or completion) response.
struct ChatChoice {
  const nlohmann::json* message = nullptr;      // "message", else the streamed "delta"
  const std::string* text = nullptr;            // a completion's "text", when a string
  const std::string* finish_reason = nullptr;   // when a non-empty string
};
ChatChoice read_choice(const nlohmann::json& choice);

// --- A message ----------------------------------------------------------------------------------

// One part of a message's content.
struct ChatContentPart {
  enum class Kind {
    kText,   // `text`: a string, or a text / input_text / output_text part
    kImage,  // `url`: an image_url / input_image part (a URL, or a data: URL)
    kAudio,  // `data` (base64) and `format` (may be null): an input_audio part
    kOther,  // `value`: anything else (kept whole by the caller, as JSON text)
  };
  Kind kind = Kind::kOther;
  const std::string* text = nullptr;
  const std::string* url = nullptr;
  const std::string* data = nullptr;
  const std::string* format = nullptr;
  const nlohmann::json* value = nullptr;
};
// The parts of a message's content: a string is one text part, a list one part per item, any
// other value one kOther part; no content (nullptr) no parts.
std::vector<ChatContentPart> chat_content_parts(const nlohmann::json* content);

// A tool call a message makes: OpenAI's tool_calls[] {"id", "function": {"name", "arguments"}},
// then the legacy flat function_call {"name", "arguments"} (no id). Calls without a name are
// left out.
struct ChatToolCall {
  const nlohmann::json* id = nullptr;         // as given (the caller checks it is a string)
  const std::string* name = nullptr;
  const nlohmann::json* arguments = nullptr;  // OpenAI sends JSON text; may be nullptr
};
std::vector<ChatToolCall> chat_tool_calls(const nlohmann::json& message);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CHAT_MESSAGES_H
