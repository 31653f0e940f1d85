// anthropic.cpp: Anthropic's Messages API (POST /v1/messages).
//
// Recorded as mlflow/anthropic/autolog.py records Messages.create:
//   * mlflow.message.format "anthropic", mlflow.llm.provider "anthropic";
//   * mlflow.chat.tools: each tool {"name", "description", "input_schema"} as an OpenAI function
//     tool with the schema as its parameters (anthropic/chat.py convert_tool_to_mlflow_chat_tool);
//   * token usage (_parse_usage): input_tokens and output_tokens, cache_read_input_tokens and
//     cache_creation_input_tokens when reported, cache_creation.ephemeral_1h_input_tokens as
//     cache_creation_input_tokens_above_1hr; Anthropic's input_tokens leave the cached tokens
//     out, so they are added to input_tokens and total_tokens, as Python does.
// A stream (Python records the SDK's Stream object as it is) is rebuilt into the Message the
// same request without "stream" returns: message_start's message, each content block from its
// content_block_start plus its deltas (text_delta, thinking_delta, signature_delta,
// citations_delta, and input_json_delta joined and parsed into the tool_use block's input),
// message_delta's stop_reason, stop_sequence and usage (its counts are cumulative: each one
// replaces the one before).
#include <map>

#include "autolog/json_body.h"
#include "autolog/provider.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

class AnthropicProvider final : public Provider {
 public:
  const char* name() const noexcept override { return "anthropic"; }
  const char* message_format(Api) const noexcept override { return "anthropic"; }

  bool request_streams(Api, const nlohmann::json& request) const override {
    return true_member(request, "stream");
  }

  void request_attributes(Api, const nlohmann::json& request, Attributes& out) const override {
    const nlohmann::json* tools = member(request, "tools");
    if (tools == nullptr || !tools->is_array()) return;
    nlohmann::json converted = nlohmann::json::array();
    for (const auto& tool : *tools) {
      const nlohmann::json* name = member(tool, "name");
      if (name == nullptr || !name->is_string()) continue;
      converted.push_back(chat_tool(*name, member(tool, "description"), member(tool, "input_schema")));
    }
    if (!converted.empty()) out.emplace_back("mlflow.chat.tools", std::move(converted));
  }

  nlohmann::json aggregate(Api, const std::vector<StreamEvent>& events) const override {
    nlohmann::json message;
    std::map<std::int64_t, nlohmann::json> blocks;
    std::map<std::int64_t, std::string> partial_json;
    for (const StreamEvent& e : events) {
      const nlohmann::json& data = e.data;
      const std::string* type = string_member(data, "type");
      if (type == nullptr) continue;
      const std::int64_t index = integer_member(data, "index").value_or(0);
      if (*type == "message_start") {
        if (const nlohmann::json* m = member(data, "message"); m && m->is_object()) message = *m;
      } else if (*type == "content_block_start") {
        if (const nlohmann::json* b = member(data, "content_block"); b && b->is_object())
          blocks[index] = *b;
      } else if (*type == "content_block_delta") {
        const nlohmann::json* delta = member(data, "delta");
        const std::string* kind = delta ? string_member(*delta, "type") : nullptr;
        if (kind == nullptr) continue;
        nlohmann::json& block = blocks[index];
        if (!block.is_object()) block = nlohmann::json::object();
        if (*kind == "text_delta") {
          if (const std::string* t = string_member(*delta, "text")) append_text(block["text"], *t);
        } else if (*kind == "input_json_delta") {
          if (const std::string* p = string_member(*delta, "partial_json")) partial_json[index] += *p;
        } else if (*kind == "thinking_delta") {
          if (const std::string* t = string_member(*delta, "thinking"))
            append_text(block["thinking"], *t);
        } else if (*kind == "signature_delta") {
          if (const std::string* s = string_member(*delta, "signature"))
            append_text(block["signature"], *s);
        } else if (*kind == "citations_delta") {
          if (const nlohmann::json* c = member(*delta, "citation")) {
            if (!block["citations"].is_array()) block["citations"] = nlohmann::json::array();
            block["citations"].push_back(*c);
          }
        }
      } else if (*type == "message_delta") {
        if (!message.is_object()) message = nlohmann::json::object();
        if (const nlohmann::json* delta = member(data, "delta"); delta && delta->is_object())
          for (auto it = delta->begin(); it != delta->end(); ++it) message[it.key()] = *it;
        if (const nlohmann::json* usage = member(data, "usage"); usage && usage->is_object()) {
          nlohmann::json& into = message["usage"];
          if (!into.is_object()) into = nlohmann::json::object();
          for (auto it = usage->begin(); it != usage->end(); ++it)
            if (!it->is_null()) into[it.key()] = *it;
        }
      }
    }
    if (!message.is_object() && blocks.empty()) return nlohmann::json();
    if (!message.is_object()) message = nlohmann::json::object();
    // Tool inputs arrive as JSON text in pieces; a cut stream leaves the text as it was.
    for (auto& [index, text] : partial_json) {
      nlohmann::json input;
      blocks[index]["input"] = parse_json(text, input) ? input : nlohmann::json(text);
    }
    nlohmann::json content = nlohmann::json::array();
    for (auto& [index, block] : blocks) content.push_back(std::move(block));
    message["content"] = std::move(content);
    return message;
  }

  nlohmann::json token_usage(Api, const nlohmann::json& response) const override {
    const nlohmann::json* usage = member(response, "usage");
    if (usage == nullptr || !usage->is_object()) return nlohmann::json();
    const auto input = integer_member(*usage, "input_tokens");
    const auto output = integer_member(*usage, "output_tokens");
    if (!input && !output) return nlohmann::json();
    const auto cache_read = integer_member(*usage, "cache_read_input_tokens");
    const auto cache_creation = integer_member(*usage, "cache_creation_input_tokens");
    const std::int64_t cached = cache_read.value_or(0) + cache_creation.value_or(0);
    nlohmann::json out =
        make_token_usage(input.value_or(0) + cached, output,
                         input.value_or(0) + output.value_or(0) + cached, cache_read, cache_creation);
    if (const nlohmann::json* details = member(*usage, "cache_creation"))
      if (auto above = integer_member(*details, "ephemeral_1h_input_tokens"))
        out["cache_creation_input_tokens_above_1hr"] = *above;
    return out;
  }
};

}  // namespace

const Provider& anthropic_provider() noexcept {
  static const AnthropicProvider provider;
  return provider;
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
