// gemini.cpp: Google's Gemini API over REST (POST .../models/<model>:generateContent, and
// :streamGenerateContent, with ?alt=sse or as one JSON array that arrives element by element).
//
// Recorded as mlflow/gemini/autolog.py records the google-genai SDK's Models.generate_content:
//   * mlflow.message.format "gemini", mlflow.llm.provider "gemini";
//   * mlflow.llm.model: the model of the URL's path (the SDK's `model` argument), else the
//     response's modelVersion;
//   * token usage (_parse_usage): usageMetadata.promptTokenCount (input), candidatesTokenCount
//     (output), totalTokenCount (total, which includes thinking tokens), cachedContentTokenCount
//     (cache read);
//   * mlflow.chat.tools: each of the request's functionDeclarations as an OpenAI function tool,
//     its parameters' properties reduced to type (lower case), description and enum
//     (gemini/chat.py convert_gemini_func_to_mlflow_chat_tool).
// Python records the SDK's objects, whose JSON spells part keys in snake_case (function_call,
// inline_data, ...), and MLflow's UI reads only that spelling (chat-utils/gemini.ts); the REST
// API spells them in camelCase. So the parts of recorded requests and responses (contents[],
// systemInstruction, candidates[].content) get the snake_case part keys; nothing else is
// renamed. A stream is rebuilt into one response: each candidate's parts in order, adjacent text
// parts (of the same kind: thought or not) joined, its last finishReason, and the last
// usageMetadata, modelVersion and responseId.
#include <map>

#include "autolog/json_body.h"
#include "autolog/provider.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

// member(value, camel) else member(value, snake): requests written by hand use either.
const nlohmann::json* either(const nlohmann::json& value, std::string_view camel,
                             std::string_view snake) {
  const nlohmann::json* m = member(value, camel);
  return m != nullptr ? m : member(value, snake);
}

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

// One property of a function's parameters, as MLflow keeps it (ParamProperty).
nlohmann::json param_property(const nlohmann::json& schema) {
  nlohmann::json out = nlohmann::json::object();
  if (const std::string* type = string_member(schema, "type")) out["type"] = lower(*type);
  if (const nlohmann::json* d = member(schema, "description"); d && d->is_string()) out["description"] = *d;
  if (const nlohmann::json* e = member(schema, "enum"); e && e->is_array()) out["enum"] = *e;
  if (const nlohmann::json* items = member(schema, "items"); items && items->is_object())
    out["items"] = param_property(*items);
  return out;
}

nlohmann::json function_params(const nlohmann::json& schema) {
  nlohmann::json properties = nlohmann::json::object();
  if (const nlohmann::json* p = member(schema, "properties"); p && p->is_object())
    for (auto it = p->begin(); it != p->end(); ++it) properties[it.key()] = param_property(*it);
  nlohmann::json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (const nlohmann::json* r = member(schema, "required"); r && r->is_array()) out["required"] = *r;
  return out;
}

void snake_case_part(nlohmann::json& part) {
  static constexpr std::pair<const char*, const char*> kKeys[] = {
      {"functionCall", "function_call"},
      {"functionResponse", "function_response"},
      {"inlineData", "inline_data"},
      {"fileData", "file_data"},
      {"executableCode", "executable_code"},
      {"codeExecutionResult", "code_execution_result"},
      {"thoughtSignature", "thought_signature"},
      {"videoMetadata", "video_metadata"},
  };
  if (!part.is_object()) return;
  for (const auto& [camel, snake] : kKeys) {
    auto it = part.find(camel);
    if (it == part.end() || part.contains(snake)) continue;
    nlohmann::json value = std::move(*it);
    part.erase(it);
    if (value.is_object()) {
      for (const auto& [inner_camel, inner_snake] :
           {std::pair<const char*, const char*>{"mimeType", "mime_type"}, {"fileUri", "file_uri"},
            {"displayName", "display_name"}}) {
        auto inner = value.find(inner_camel);
        if (inner == value.end() || value.contains(inner_snake)) continue;
        nlohmann::json moved = std::move(*inner);
        value.erase(inner);
        value[inner_snake] = std::move(moved);
      }
    }
    part[snake] = std::move(value);
  }
}

void snake_case_content(nlohmann::json& content) {
  if (content.is_array()) {
    for (auto& c : content) snake_case_content(c);
    return;
  }
  if (!content.is_object()) return;
  auto parts = content.find("parts");
  if (parts != content.end() && parts->is_array())
    for (auto& part : *parts) snake_case_part(part);
}

class GeminiProvider final : public Provider {
 public:
  const char* name() const noexcept override { return "gemini"; }
  const char* message_format(Api) const noexcept override { return "gemini"; }

  bool request_streams(Api api, const nlohmann::json&) const override {
    return api == Api::kGeminiStream;
  }

  void request_attributes(Api, const nlohmann::json& request, Attributes& out) const override {
    const nlohmann::json* tools = member(request, "tools");
    if (tools == nullptr || !tools->is_array()) return;
    nlohmann::json converted = nlohmann::json::array();
    for (const auto& tool : *tools) {
      const nlohmann::json* declarations = either(tool, "functionDeclarations", "function_declarations");
      if (declarations == nullptr || !declarations->is_array()) continue;
      for (const auto& declaration : *declarations) {
        const nlohmann::json* name = member(declaration, "name");
        if (name == nullptr || !name->is_string()) continue;
        const nlohmann::json* schema = member(declaration, "parameters");
        if (schema == nullptr) schema = either(declaration, "parametersJsonSchema", "parameters_json_schema");
        nlohmann::json params = schema != nullptr && schema->is_object() ? function_params(*schema)
                                                                         : nlohmann::json();
        converted.push_back(chat_tool(*name, member(declaration, "description"), &params));
      }
    }
    if (!converted.empty()) out.emplace_back("mlflow.chat.tools", std::move(converted));
  }

  nlohmann::json aggregate(Api, const std::vector<StreamEvent>& events) const override {
    struct Candidate {
      nlohmann::json role;
      nlohmann::json parts = nlohmann::json::array();
      nlohmann::json rest = nlohmann::json::object();  // finishReason, safetyRatings, ...
    };
    std::map<std::int64_t, Candidate> candidates;
    nlohmann::json out = nlohmann::json::object();
    bool any = false;
    for (const StreamEvent& e : events) {
      const nlohmann::json& chunk = e.data;
      if (!chunk.is_object() || member(chunk, "error") != nullptr) continue;
      if (const nlohmann::json* list = member(chunk, "candidates"); list && list->is_array()) {
        any = true;
        std::int64_t position = 0;
        for (const auto& c : *list) {
          Candidate& into = candidates[integer_member(c, "index").value_or(position++)];
          for (auto it = c.begin(); it != c.end(); ++it)
            if (it.key() != "content" && !it->is_null()) into.rest[it.key()] = *it;
          const nlohmann::json* content = member(c, "content");
          if (content == nullptr) continue;
          if (const nlohmann::json* role = member(*content, "role"); role && role->is_string())
            into.role = *role;
          const nlohmann::json* parts = member(*content, "parts");
          if (parts == nullptr || !parts->is_array()) continue;
          for (const auto& part : *parts) {
            const std::string* text = string_member(part, "text");
            if (text != nullptr && !into.parts.empty()) {
              nlohmann::json& previous = into.parts.back();
              if (string_member(previous, "text") != nullptr &&
                  true_member(previous, "thought") == true_member(part, "thought")) {
                previous["text"].get_ref<std::string&>() += *text;
                continue;
              }
            }
            into.parts.push_back(part);
          }
        }
      }
      for (const char* key : {"usageMetadata", "modelVersion", "responseId", "promptFeedback"})
        if (const nlohmann::json* v = member(chunk, key); v && !v->is_null()) {
          out[key] = *v;
          any = true;
        }
    }
    if (!any) return nlohmann::json();
    nlohmann::json list = nlohmann::json::array();
    for (auto& [index, c] : candidates) {
      nlohmann::json candidate = {{"content", {{"parts", std::move(c.parts)}}}};
      if (!c.role.is_null()) candidate["content"]["role"] = c.role;
      for (auto it = c.rest.begin(); it != c.rest.end(); ++it) candidate[it.key()] = *it;
      list.push_back(std::move(candidate));
    }
    out["candidates"] = std::move(list);
    return out;
  }

  nlohmann::json token_usage(Api, const nlohmann::json& response) const override {
    const nlohmann::json* usage = either(response, "usageMetadata", "usage_metadata");
    if (usage == nullptr || !usage->is_object()) return nlohmann::json();
    auto count = [&](std::string_view camel, std::string_view snake) {
      auto n = integer_member(*usage, camel);
      return n ? n : integer_member(*usage, snake);
    };
    return make_token_usage(count("promptTokenCount", "prompt_token_count"),
                            count("candidatesTokenCount", "candidates_token_count"),
                            count("totalTokenCount", "total_token_count"),
                            count("cachedContentTokenCount", "cached_content_token_count"));
  }

  std::string response_model(Api, const nlohmann::json& response) const override {
    const nlohmann::json* version = either(response, "modelVersion", "model_version");
    return version != nullptr && version->is_string() ? version->get<std::string>() : std::string();
  }

  void normalize(Api, nlohmann::json& value) const override {
    if (value.is_array()) {  // a JSON-array stream recorded whole
      for (auto& item : value) normalize(Api::kGeminiGenerate, item);
      return;
    }
    if (!value.is_object()) return;
    for (const char* key : {"contents", "systemInstruction", "system_instruction"}) {
      auto it = value.find(key);
      if (it != value.end()) snake_case_content(*it);
    }
    auto candidates = value.find("candidates");
    if (candidates != value.end() && candidates->is_array())
      for (auto& c : *candidates) {
        auto content = c.find("content");
        if (content != c.end()) snake_case_content(*content);
      }
  }
};

}  // namespace

const Provider& gemini_provider() noexcept {
  static const GeminiProvider provider;
  return provider;
}

// The model of a Gemini URL's path: ".../models/<model>:generateContent" (also
// ".../tunedModels/<model>:..." and Vertex AI's ".../publishers/google/models/<model>:...").
std::string gemini_model_of(std::string_view url) {
  const std::size_t end = url.find_first_of("?#");
  std::string_view path = url.substr(0, end);
  const std::size_t colon = path.rfind(':');
  const std::size_t slash = path.rfind('/');
  if (colon == std::string_view::npos || slash == std::string_view::npos || colon < slash)
    return std::string();
  return std::string(path.substr(slash + 1, colon - slash - 1));
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
