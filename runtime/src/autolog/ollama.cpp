// ollama.cpp: Ollama's native API (POST /api/chat, /api/generate, /api/embed and the older
// /api/embeddings). MLflow's Python client has no Ollama autolog; the names follow its gateway
// (mlflow/gateway/providers/ollama.py: provider "ollama").
//
//   * streams: "stream" defaults to true: a request that does not say "stream": false gets
//     NDJSON, one object per line, the last one "done": true with the counts. The rebuilt
//     response is that last line with the message's content (chat) or the response (generate)
//     joined from every line, and the tool calls of every line;
//   * token usage: prompt_eval_count (input), eval_count (output);
//   * mlflow.chat.tools: the request's tools (Ollama takes OpenAI's function tools);
//   * mlflow.message.format is left unset: MLflow's UI has no Ollama format. Its default
//     (OpenAI) parser reads the request's {"messages": [...]} but not Ollama's response
//     ({"message": {...}}, no "choices"), so the chat view would not show. The span gets the
//     conversation in MLflow's chat-message attribute instead, mlflow.chat.messages (OpenAI
//     messages: the request's, then the reply), which the UI reads before inputs and outputs
//     (ModelTraceExplorer.utils.tsx getChatMessagesFromSpan). Ollama's tool calls carry no id
//     and their arguments are an object: the id is the function's name (as MLflow's Gemini
//     conversion does) and the arguments JSON text; a tool message's tool_name is its
//     tool_call_id.
#include "autolog/json_body.h"
#include "autolog/provider.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

bool is_chat_role(const std::string& role) {
  return role == "user" || role == "assistant" || role == "system" || role == "tool";
}

// An Ollama message in OpenAI's shape; null when it has no chat role.
nlohmann::json openai_message(const nlohmann::json& message) {
  const std::string* role = string_member(message, "role");
  if (role == nullptr || !is_chat_role(*role)) return nlohmann::json();
  nlohmann::json out = {{"role", *role}};
  const std::string* content = string_member(message, "content");
  out["content"] = content != nullptr ? *content : std::string();
  if (const nlohmann::json* calls = member(message, "tool_calls"); calls && calls->is_array()) {
    nlohmann::json converted = nlohmann::json::array();
    for (const auto& call : *calls) {
      const nlohmann::json* function = member(call, "function");
      const std::string* name = function ? string_member(*function, "name") : nullptr;
      if (name == nullptr) continue;
      const nlohmann::json* args = member(*function, "arguments");
      std::string arguments = args == nullptr ? "{}"
                              : args->is_string() ? args->get<std::string>()
                                                  : args->dump();
      const std::string* id = string_member(call, "id", true);
      converted.push_back({{"id", id != nullptr ? *id : *name},
                           {"type", "function"},
                           {"function", {{"name", *name}, {"arguments", std::move(arguments)}}}});
    }
    if (!converted.empty()) out["tool_calls"] = std::move(converted);
  }
  if (*role == "tool")
    if (const std::string* tool = string_member(message, "tool_name", true)) out["tool_call_id"] = *tool;
  return out;
}

class OllamaProvider final : public Provider {
 public:
  const char* name() const noexcept override { return "ollama"; }
  const char* message_format(Api) const noexcept override { return nullptr; }

  bool request_streams(Api api, const nlohmann::json& request) const override {
    if (api == Api::kOllamaEmbed) return false;
    const nlohmann::json* stream = member(request, "stream");
    return !(stream != nullptr && stream->is_boolean() && !stream->get<bool>());
  }

  void request_attributes(Api, const nlohmann::json& request, Attributes& out) const override {
    const nlohmann::json* tools = member(request, "tools");
    if (tools == nullptr || !tools->is_array()) return;
    nlohmann::json converted = nlohmann::json::array();
    for (const auto& tool : *tools) {
      const nlohmann::json* function = member(tool, "function");
      const nlohmann::json* name = function ? member(*function, "name") : nullptr;
      if (name == nullptr || !name->is_string()) continue;
      converted.push_back(
          chat_tool(*name, member(*function, "description"), member(*function, "parameters")));
    }
    if (!converted.empty()) out.emplace_back("mlflow.chat.tools", std::move(converted));
  }

  nlohmann::json aggregate(Api api, const std::vector<StreamEvent>& events) const override {
    if (api == Api::kOllamaEmbed) return nlohmann::json();
    const char* text_key = api == Api::kOllamaChat ? "content" : "response";
    std::string text, thinking, role;
    nlohmann::json tool_calls = nlohmann::json::array();
    const nlohmann::json* last = nullptr;
    for (const StreamEvent& e : events) {
      if (!e.data.is_object() || member(e.data, "error") != nullptr) continue;
      last = &e.data;
      const nlohmann::json* source = &e.data;
      if (api == Api::kOllamaChat) {
        source = member(e.data, "message");
        if (source == nullptr) continue;
        if (const std::string* r = string_member(*source, "role", true); r && role.empty()) role = *r;
        if (const nlohmann::json* calls = member(*source, "tool_calls"); calls && calls->is_array())
          for (const auto& call : *calls) tool_calls.push_back(call);
      }
      if (const std::string* t = string_member(*source, text_key)) text += *t;
      if (const std::string* t = string_member(*source, "thinking")) thinking += *t;
    }
    if (last == nullptr) return nlohmann::json();
    nlohmann::json out = *last;  // the "done": true line: model, times, counts, done_reason
    if (api == Api::kOllamaChat) {
      nlohmann::json message = {{"role", role.empty() ? "assistant" : role}, {"content", text}};
      if (!thinking.empty()) message["thinking"] = thinking;
      if (!tool_calls.empty()) message["tool_calls"] = std::move(tool_calls);
      out["message"] = std::move(message);
    } else {
      out["response"] = text;
      if (!thinking.empty()) out["thinking"] = thinking;
    }
    return out;
  }

  nlohmann::json token_usage(Api, const nlohmann::json& response) const override {
    return make_token_usage(integer_member(response, "prompt_eval_count"),
                            integer_member(response, "eval_count"), std::nullopt);
  }

  void response_attributes(Api api, const nlohmann::json& request, const nlohmann::json& response,
                           Attributes& out) const override {
    nlohmann::json messages = nlohmann::json::array();
    if (api == Api::kOllamaChat) {
      const nlohmann::json* reply = member(response, "message");
      if (reply == nullptr || !reply->is_object()) return;
      if (const nlohmann::json* sent = member(request, "messages"); sent && sent->is_array())
        for (const auto& m : *sent)
          if (nlohmann::json converted = openai_message(m); !converted.is_null())
            messages.push_back(std::move(converted));
      if (nlohmann::json converted = openai_message(*reply); !converted.is_null())
        messages.push_back(std::move(converted));
    } else if (api == Api::kOllamaGenerate) {
      const std::string* reply = string_member(response, "response");
      const std::string* prompt = string_member(request, "prompt");
      if (reply == nullptr || prompt == nullptr) return;
      if (const std::string* system = string_member(request, "system", true))
        messages.push_back({{"role", "system"}, {"content", *system}});
      messages.push_back({{"role", "user"}, {"content", *prompt}});
      messages.push_back({{"role", "assistant"}, {"content", *reply}});
    }
    if (!messages.empty()) out.emplace_back("mlflow.chat.messages", std::move(messages));
  }
};

}  // namespace

const Provider& ollama_provider() noexcept {
  static const OllamaProvider provider;
  return provider;
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
