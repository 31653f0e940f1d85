// autolog/rule_spans.cpp: the end of a span traced by an autolog rule (core/llm_span_end.h).
//
// The rule's usage= says how the wrapper's returned value reads: as an OpenAI, Anthropic, Ollama
// or Gemini response, or `auto` (the first of these whose usage fields the value has). From it
// the span gets what an LLM call's span carries, unless the wrapper set it itself:
// mlflow.chat.tokenUsage, mlflow.llm.model, mlflow.llm.provider and mlflow.message.format.
// A value without usage fields (a plain string, say) adds nothing.
#include <nlohmann/json.hpp>

#include <cstring>
#include <string>

#include "autolog/json_body.h"
#include "autolog/provider.h"
#include "core/llm_span_end.h"
#include "core/span_record.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

// The chat API each usage= names.
Api api_of(const char* format) noexcept {
  if (std::strcmp(format, "openai") == 0) return Api::kOpenAIChat;
  if (std::strcmp(format, "anthropic") == 0) return Api::kAnthropicMessages;
  if (std::strcmp(format, "ollama") == 0) return Api::kOllamaChat;
  if (std::strcmp(format, "gemini") == 0) return Api::kGeminiGenerate;
  return Api::kNone;  // auto
}

void set_if_absent(SpanRecord& record, const char* key, nlohmann::json value) {
  if (value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty())) return;
  if (record.find_attribute(key) == nullptr) record.attributes.emplace_back(key, std::move(value));
}

void end_rule_span(SpanRecord& record, const char* format) noexcept {
  try {
    if (!record.has_outputs || record.find_attribute("mlflow.chat.tokenUsage") != nullptr) return;
    nlohmann::json output;
    if (!parse_json(record.outputs.text(), output) || !output.is_object()) return;
    Api apis[] = {Api::kOpenAIChat, Api::kAnthropicMessages, Api::kOllamaChat,
                  Api::kGeminiGenerate};
    Api wanted = api_of(format);
    for (Api api : apis) {
      if (wanted != Api::kNone && api != wanted) continue;
      const ApiInfo* info = api_info(api);
      nlohmann::json usage = info->provider->token_usage(api, output);
      if (usage.is_null()) continue;
      set_if_absent(record, "mlflow.chat.tokenUsage", std::move(usage));
      set_if_absent(record, "mlflow.llm.model", info->provider->response_model(api, output));
      set_if_absent(record, "mlflow.llm.provider", info->provider->name());
      if (const char* message_format = info->provider->message_format(api))
        set_if_absent(record, "mlflow.message.format", message_format);
      return;
    }
  } catch (...) {
    // Out of memory or an odd value: the span ends without what could not be read.
  }
}

// Installed when the library loads.
const bool installed = [] {
  g_llm_span_end = &end_rule_span;
  return true;
}();

}  // namespace
}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
