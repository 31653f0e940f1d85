// openai.cpp: OpenAI's APIs (chat completions, legacy completions, embeddings, the Responses
// API), and every server that speaks them (llama.cpp's llama-server, vLLM, Ollama's /v1,
// OpenRouter, Azure OpenAI, ...).
//
// Recorded as mlflow/openai/autolog.py records the Python SDK's calls:
//   * attributes: every request parameter but "messages" and "input" (_start_span), and
//     mlflow.message.format "openai" for chat, completions and responses;
//   * mlflow.chat.tools from the request's tools (openai/utils/chat_schema.py _parse_tools):
//     chat-completions tools as they are, Responses-API function tools moved under "function",
//     the Responses API's built-in tools as a function named after their type;
//   * token usage from usage.prompt_tokens / completion_tokens / total_tokens, the cache read
//     from usage.prompt_tokens_details.cached_tokens (else usage.cache_read_input_tokens) and
//     usage.cache_creation_input_tokens (_parse_chat_completion_usage); the Responses API's
//     usage.input_tokens / output_tokens / total_tokens and input_tokens_details.cached_tokens;
//   * a stream's outputs: a chat.completion object rebuilt from the chunks
//     (_reconstruct_completion_from_stream: id, created, model, system_fingerprint of the last
//     chunk, the concatenated content, finish_reason defaulting to "stop", the last usage
//     seen), the Responses API's response.completed response (else the output items of the
//     response.output_item.done events).
// Where this goes further than the Python autolog, it is in the same shape: every choice of a
// stream (not only the first), streamed tool calls and reasoning_content (llama.cpp, DeepSeek)
// joined into the message, a legacy completions stream rebuilt as a text_completion object
// (Python records the joined text alone), and usage recorded for completions and embeddings
// too (Python's _parse_usage reads it from chat and Responses objects only).
#include <map>

#include "autolog/json_body.h"
#include "autolog/provider.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

// The Responses API's tools that are not functions (chat_schema.py _RESPONSE_API_BUILT_IN_TOOLS).
bool is_builtin_tool(std::string_view type) {
  for (std::string_view builtin : {"file_search", "computer_use_preview", "web_search_preview",
                                   "local_shell", "mcp", "code_interpreter", "image_generation"})
    if (type == builtin) return true;
  return false;
}

nlohmann::json chat_tools(const nlohmann::json& request) {
  const nlohmann::json* tools = member(request, "tools");
  if (tools == nullptr || !tools->is_array()) return nlohmann::json();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& tool : *tools) {
    if (!tool.is_object()) continue;
    const std::string* type = string_member(tool, "type");
    if (type == nullptr || *type == "function") {
      const nlohmann::json* function = member(tool, "function");
      const nlohmann::json& definition = function != nullptr ? *function : tool;  // Responses API
      const nlohmann::json* name = member(definition, "name");
      if (name == nullptr || !name->is_string()) continue;
      nlohmann::json entry = chat_tool(*name, member(definition, "description"),
                                       member(definition, "parameters"));
      if (const nlohmann::json* strict = member(definition, "strict"); strict && strict->is_boolean())
        entry["function"]["strict"] = *strict;
      out.push_back(std::move(entry));
    } else if (is_builtin_tool(*type)) {
      out.push_back(chat_tool(*type, nullptr, nullptr));
    }
  }
  return out.empty() ? nlohmann::json() : out;
}

bool is_chunk_of(const nlohmann::json& chunk, std::string_view object) {
  if (!chunk.is_object()) return false;
  if (const std::string* o = string_member(chunk, "object")) return *o == object;
  const nlohmann::json* choices = member(chunk, "choices");
  return choices != nullptr && choices->is_array();  // servers that leave "object" out
}

// Copies id, created, model and system_fingerprint of the last chunk, as Python does.
void copy_metadata(const nlohmann::json& last, nlohmann::json& out) {
  for (const char* key : {"id", "created", "model", "system_fingerprint"})
    if (const nlohmann::json* v = member(last, key); v != nullptr && !v->is_null()) out[key] = *v;
}

const nlohmann::json* last_usage(const std::vector<const nlohmann::json*>& chunks) {
  for (auto it = chunks.rbegin(); it != chunks.rend(); ++it)
    if (const nlohmann::json* usage = member(**it, "usage"); usage && usage->is_object())
      return usage;
  return nullptr;
}

// The text of a delta's content: a string, or (Databricks) a list of {"type": "text"} items.
std::string content_text(const nlohmann::json* content) {
  if (content == nullptr) return std::string();
  if (content->is_string()) return content->get<std::string>();
  std::string text;
  if (content->is_array())
    for (const auto& item : *content)
      if (const std::string* type = string_member(item, "type"); type && *type == "text")
        if (const std::string* t = string_member(item, "text")) text += *t;
  return text;
}

nlohmann::json aggregate_chat(const std::vector<const nlohmann::json*>& chunks) {
  struct Choice {
    std::string content;
    std::string reasoning;
    bool has_content = false;
    std::map<std::int64_t, nlohmann::json> tool_calls;  // by index
    nlohmann::json finish_reason;
  };
  std::map<std::int64_t, Choice> choices;
  for (const nlohmann::json* chunk : chunks) {
    const nlohmann::json* list = member(*chunk, "choices");
    if (list == nullptr || !list->is_array()) continue;
    for (const auto& c : *list) {
      const std::int64_t index = integer_member(c, "index").value_or(0);
      Choice& choice = choices[index];
      if (const nlohmann::json* reason = member(c, "finish_reason"); reason && reason->is_string())
        choice.finish_reason = *reason;
      const nlohmann::json* delta = member(c, "delta");
      if (delta == nullptr) continue;
      if (const nlohmann::json* content = member(*delta, "content"); content && !content->is_null()) {
        choice.content += content_text(content);
        choice.has_content = true;
      }
      if (const std::string* r = string_member(*delta, "reasoning_content")) choice.reasoning += *r;
      const nlohmann::json* calls = member(*delta, "tool_calls");
      if (calls == nullptr || !calls->is_array()) continue;
      for (const auto& call : *calls) {
        nlohmann::json& into = choice.tool_calls[integer_member(call, "index").value_or(0)];
        if (!into.is_object()) {
          into = {{"id", nullptr}, {"type", "function"},
                  {"function", {{"name", ""}, {"arguments", ""}}}};
        }
        if (const std::string* id = string_member(call, "id", true)) into["id"] = *id;
        if (const std::string* type = string_member(call, "type", true)) into["type"] = *type;
        if (const nlohmann::json* function = member(call, "function")) {
          if (const std::string* name = string_member(*function, "name", true))
            into["function"]["name"] = into["function"]["name"].get<std::string>() + *name;
          if (const std::string* args = string_member(*function, "arguments"))
            into["function"]["arguments"] =
                into["function"]["arguments"].get<std::string>() + *args;
        }
      }
    }
  }
  nlohmann::json out = nlohmann::json::object();
  copy_metadata(*chunks.back(), out);
  out["object"] = "chat.completion";
  nlohmann::json list = nlohmann::json::array();
  if (choices.empty()) choices[0];  // Python builds one (empty) assistant message regardless
  for (auto& [index, choice] : choices) {
    nlohmann::json message = {{"role", "assistant"}};
    const bool calls = !choice.tool_calls.empty();
    message["content"] = (choice.has_content || !calls) ? nlohmann::json(choice.content)
                                                        : nlohmann::json();
    if (!choice.reasoning.empty()) message["reasoning_content"] = choice.reasoning;
    if (calls) {
      nlohmann::json tool_calls = nlohmann::json::array();
      for (auto& [i, call] : choice.tool_calls) tool_calls.push_back(std::move(call));
      message["tool_calls"] = std::move(tool_calls);
    }
    list.push_back({{"index", index},
                    {"message", std::move(message)},
                    {"finish_reason", choice.finish_reason.is_null() ? nlohmann::json("stop")
                                                                     : choice.finish_reason}});
  }
  out["choices"] = std::move(list);
  if (const nlohmann::json* usage = last_usage(chunks)) out["usage"] = *usage;
  return out;
}

nlohmann::json aggregate_completions(const std::vector<const nlohmann::json*>& chunks) {
  std::map<std::int64_t, std::pair<std::string, nlohmann::json>> choices;  // text, finish_reason
  for (const nlohmann::json* chunk : chunks) {
    const nlohmann::json* list = member(*chunk, "choices");
    if (list == nullptr || !list->is_array()) continue;
    for (const auto& c : *list) {
      auto& [text, reason] = choices[integer_member(c, "index").value_or(0)];
      if (const std::string* t = string_member(c, "text")) text += *t;
      if (const nlohmann::json* r = member(c, "finish_reason"); r && r->is_string()) reason = *r;
    }
  }
  nlohmann::json out = nlohmann::json::object();
  copy_metadata(*chunks.back(), out);
  out["object"] = "text_completion";
  nlohmann::json list = nlohmann::json::array();
  for (auto& [index, choice] : choices)
    list.push_back({{"index", index}, {"text", choice.first}, {"finish_reason", choice.second}});
  out["choices"] = std::move(list);
  if (const nlohmann::json* usage = last_usage(chunks)) out["usage"] = *usage;
  return out;
}

nlohmann::json aggregate_responses(const std::vector<StreamEvent>& events) {
  nlohmann::json created;
  nlohmann::json items = nlohmann::json::array();
  for (const StreamEvent& e : events) {
    const std::string* type = string_member(e.data, "type");
    if (type == nullptr) continue;
    const nlohmann::json* response = member(e.data, "response");
    // The final event carries the whole response (_is_responses_final_event).
    if ((*type == "response.completed" || *type == "response.incomplete" ||
         *type == "response.failed") &&
        response != nullptr && response->is_object())
      return *response;
    if (*type == "response.created" && response != nullptr) created = *response;
    if (*type == "response.output_item.done")
      if (const nlohmann::json* item = member(e.data, "item")) items.push_back(*item);
  }
  if (items.empty() && created.is_null()) return nlohmann::json();
  // No final event (the stream was cut): the items done so far (_reconstruct_response_from_stream).
  nlohmann::json out = nlohmann::json::object();
  for (const char* key : {"id", "object", "created_at", "model"})
    if (const nlohmann::json* v = member(created, key)) out[key] = *v;
  out["output"] = std::move(items);
  return out;
}

class OpenAIProvider final : public Provider {
 public:
  const char* name() const noexcept override { return "openai"; }

  const char* message_format(Api api) const noexcept override {
    return api == Api::kOpenAIEmbeddings ? nullptr : "openai";
  }

  bool request_streams(Api, const nlohmann::json& request) const override {
    return true_member(request, "stream");
  }

  void request_attributes(Api api, const nlohmann::json& request, Attributes& out) const override {
    if (!request.is_object()) return;
    for (auto it = request.begin(); it != request.end(); ++it) {
      const std::string& key = it.key();
      if (key == "messages" || key == "input" || key.rfind("mlflow.", 0) == 0) continue;
      out.emplace_back(key, *it);
    }
    if (api == Api::kOpenAIChat || api == Api::kOpenAIResponses)
      if (nlohmann::json tools = chat_tools(request); !tools.is_null())
        out.emplace_back("mlflow.chat.tools", std::move(tools));
  }

  nlohmann::json aggregate(Api api, const std::vector<StreamEvent>& events) const override {
    if (api == Api::kOpenAIResponses) return aggregate_responses(events);
    if (api == Api::kOpenAIEmbeddings) return nlohmann::json();
    const char* object = api == Api::kOpenAIChat ? "chat.completion.chunk" : "text_completion";
    std::vector<const nlohmann::json*> chunks;
    for (const StreamEvent& e : events)
      if (is_chunk_of(e.data, object)) chunks.push_back(&e.data);
    if (chunks.empty()) return nlohmann::json();
    return api == Api::kOpenAIChat ? aggregate_chat(chunks) : aggregate_completions(chunks);
  }

  nlohmann::json token_usage(Api api, const nlohmann::json& response) const override {
    const nlohmann::json* usage = member(response, "usage");
    if (usage == nullptr || !usage->is_object()) return nlohmann::json();
    if (api == Api::kOpenAIResponses || member(*usage, "input_tokens") != nullptr) {
      std::optional<std::int64_t> cached;
      if (const nlohmann::json* details = member(*usage, "input_tokens_details"))
        cached = integer_member(*details, "cached_tokens");
      return make_token_usage(integer_member(*usage, "input_tokens"),
                              integer_member(*usage, "output_tokens"),
                              integer_member(*usage, "total_tokens"), cached);
    }
    std::optional<std::int64_t> cached;
    if (const nlohmann::json* details = member(*usage, "prompt_tokens_details"))
      cached = integer_member(*details, "cached_tokens");
    if (!cached) cached = integer_member(*usage, "cache_read_input_tokens");
    return make_token_usage(integer_member(*usage, "prompt_tokens"),
                            integer_member(*usage, "completion_tokens"),
                            integer_member(*usage, "total_tokens"), cached,
                            integer_member(*usage, "cache_creation_input_tokens"));
  }

  std::optional<ProviderError> error_in(const nlohmann::json& body) const override {
    // The Responses API's stream: an "error" event ({"type": "error", "code", "message"}) and
    // a failed response ({"type": "response.failed", "response": {"error": {...}}}).
    if (const std::string* type = string_member(body, "type")) {
      if (*type == "error" && member(body, "error") == nullptr) {
        ProviderError e;
        if (const std::string* code = string_member(body, "code")) e.type = *code;
        if (const std::string* message = string_member(body, "message")) e.message = *message;
        return e;
      }
      if (*type == "response.failed")
        if (const nlohmann::json* response = member(body, "response"))
          if (const nlohmann::json* error = member(*response, "error"); error && error->is_object()) {
            ProviderError e;
            if (const std::string* code = string_member(*error, "code")) e.type = *code;
            if (const std::string* message = string_member(*error, "message")) e.message = *message;
            return e;
          }
    }
    return Provider::error_in(body);
  }
};

}  // namespace

const Provider& openai_provider() noexcept {
  static const OpenAIProvider provider;
  return provider;
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
