// provider.cpp: the Api table, the providers' defaults, and the helpers they share.
#include "autolog/provider.h"

#include "autolog/json_body.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// Span names and types, as MLflow's Python autolog writes them for the same call where it has
// one: mlflow/openai/autolog.py names the span after the SDK's resource class
// (instance.__class__.__name__: chat.completions and completions are both "Completions") and
// types it by the class (_get_span_type); mlflow/anthropic/autolog.py writes
// "<class>.<method>" ("Messages.create", CHAT_MODEL); mlflow/gemini/autolog.py the same
// ("Models.generate_content"), typed LLM (its _get_span_type: generate_content -> LLM, only a
// chat session's send_message is CHAT_MODEL). MLflow has no autolog for Ollama and traces no
// Gemini stream: those are named after the Python SDK's functions (ollama.chat,
// Models.generate_content_stream).
const ApiInfo* api_info(Api api) noexcept {
  static const ApiInfo kOpenAIChat{"Completions", "CHAT_MODEL", &openai_provider()};
  static const ApiInfo kOpenAICompletions{"Completions", "LLM", &openai_provider()};
  static const ApiInfo kOpenAIEmbeddings{"Embeddings", "EMBEDDING", &openai_provider()};
  static const ApiInfo kOpenAIResponses{"Responses", "CHAT_MODEL", &openai_provider()};
  static const ApiInfo kAnthropicMessages{"Messages.create", "CHAT_MODEL", &anthropic_provider()};
  static const ApiInfo kOllamaChat{"ollama.chat", "CHAT_MODEL", &ollama_provider()};
  static const ApiInfo kOllamaGenerate{"ollama.generate", "LLM", &ollama_provider()};
  static const ApiInfo kOllamaEmbed{"ollama.embed", "EMBEDDING", &ollama_provider()};
  static const ApiInfo kGeminiGenerate{"Models.generate_content", "LLM", &gemini_provider()};
  static const ApiInfo kGeminiStream{"Models.generate_content_stream", "LLM", &gemini_provider()};
  // llama.cpp in process: named as Ollama's calls are, after what the program did.
  static const ApiInfo kLlamaCppChat{"llama_cpp.chat", "CHAT_MODEL", &llama_cpp_provider()};
  static const ApiInfo kLlamaCppCompletion{"llama_cpp.generate", "LLM", &llama_cpp_provider()};
  static const ApiInfo kLlamaCppEmbedding{"llama_cpp.embed", "EMBEDDING", &llama_cpp_provider()};
  switch (api) {
    case Api::kOpenAIChat: return &kOpenAIChat;
    case Api::kOpenAICompletions: return &kOpenAICompletions;
    case Api::kOpenAIEmbeddings: return &kOpenAIEmbeddings;
    case Api::kOpenAIResponses: return &kOpenAIResponses;
    case Api::kAnthropicMessages: return &kAnthropicMessages;
    case Api::kOllamaChat: return &kOllamaChat;
    case Api::kOllamaGenerate: return &kOllamaGenerate;
    case Api::kOllamaEmbed: return &kOllamaEmbed;
    case Api::kGeminiGenerate: return &kGeminiGenerate;
    case Api::kGeminiStream: return &kGeminiStream;
    case Api::kLlamaCppChat: return &kLlamaCppChat;
    case Api::kLlamaCppCompletion: return &kLlamaCppCompletion;
    case Api::kLlamaCppEmbedding: return &kLlamaCppEmbedding;
    case Api::kNone: break;
  }
  return nullptr;
}

void Provider::request_attributes(Api, const nlohmann::json&, Attributes&) const {}

std::string Provider::response_model(Api, const nlohmann::json& response) const {
  const std::string* model = string_member(response, "model", true);
  return model != nullptr ? *model : std::string();
}

std::optional<ProviderError> Provider::error_in(const nlohmann::json& body) const {
  if (body.is_array()) return body.empty() ? std::nullopt : error_in(body.front());
  const nlohmann::json* error = member(body, "error");
  if (error == nullptr || error->is_null()) return std::nullopt;
  ProviderError found;
  if (error->is_string()) {
    found.message = error->get<std::string>();
  } else if (error->is_object()) {
    if (const std::string* m = string_member(*error, "message")) found.message = *m;
    if (const std::string* t = string_member(*error, "type", true)) {
      found.type = *t;
    } else if (const std::string* s = string_member(*error, "status", true)) {
      found.type = *s;
    }
    if (found.message.empty()) found.message = error->dump();
  } else {
    found.message = error->dump();
  }
  return found;
}

void Provider::response_attributes(Api, const nlohmann::json&, const nlohmann::json&,
                                   Attributes&) const {}

void Provider::normalize(Api, nlohmann::json&) const {}

nlohmann::json make_token_usage(std::optional<std::int64_t> input,
                                std::optional<std::int64_t> output,
                                std::optional<std::int64_t> total,
                                std::optional<std::int64_t> cache_read,
                                std::optional<std::int64_t> cache_creation) {
  if (!input && !output && !total) return nlohmann::json();
  nlohmann::json usage = nlohmann::json::object();
  usage["input_tokens"] = input.value_or(0);
  usage["output_tokens"] = output.value_or(0);
  usage["total_tokens"] = total ? *total : input.value_or(0) + output.value_or(0);
  if (cache_read) usage["cache_read_input_tokens"] = *cache_read;
  if (cache_creation) usage["cache_creation_input_tokens"] = *cache_creation;
  return usage;
}

nlohmann::json chat_tool(const nlohmann::json& name, const nlohmann::json* description,
                         const nlohmann::json* parameters) {
  nlohmann::json function = nlohmann::json::object();
  function["name"] = name;
  if (description != nullptr && !description->is_null()) function["description"] = *description;
  if (parameters != nullptr && !parameters->is_null()) function["parameters"] = *parameters;
  return nlohmann::json{{"type", "function"}, {"function", std::move(function)}};
}

void append_text(nlohmann::json& into, const std::string& text) {
  if (into.is_string()) {
    into.get_ref<std::string&>() += text;
  } else {
    into = text;
  }
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
