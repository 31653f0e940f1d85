// provider.h: what one provider family's API shapes mean for a span.
//
// One Provider per family (openai.cpp, anthropic.cpp, ollama.cpp, gemini.cpp), each a stateless
// singleton; api_info() maps every Api to its span name, span type and family. The LLM call
// (llm_call.cpp) does the common work (parsing, size limits, the span's life) and asks
// the provider only what differs between providers:
//
//   at begin()   whether the request asks for a stream, and the attributes the request gives
//                (mlflow.chat.tools, and the request parameters OpenAI's autolog records);
//   at end()     the non-streaming response a stream's chunks add up to, the token usage and
//                the model a response reports, the error a body or a chunk reports, and
//                attributes derived from both (Ollama's chat messages).
//
// Everything the providers read is already parsed JSON (json_body.h); nothing they do throws on
// an odd shape: what does not fit is not found. Values they return are recorded after size
// limits are applied (value_limit.h); secrets are masked on export (support/secrets.h).
#ifndef MLFLOW_RUNTIME_AUTOLOG_PROVIDER_H
#define MLFLOW_RUNTIME_AUTOLOG_PROVIDER_H

#include <mlflow/detail/autolog.h>
#include <mlflow/version.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "autolog/stream.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// Attributes in the order they are set.
using Attributes = std::vector<std::pair<std::string, nlohmann::json>>;

// The error a response body, or a stream chunk, reports.
struct ProviderError {
  std::string type;     // the provider's error type ("invalid_request_error"); may be empty
  std::string message;  // its message; may be empty
};

class Provider {
 public:
  virtual ~Provider() = default;

  // mlflow.llm.provider.
  virtual const char* name() const noexcept = 0;
  // mlflow.message.format (how MLflow's UI reads the inputs and outputs as a chat), or nullptr.
  virtual const char* message_format(Api api) const noexcept = 0;
  // Whether the request asks for a streamed response.
  virtual bool request_streams(Api api, const nlohmann::json& request) const = 0;
  // Attributes the request gives the span.
  virtual void request_attributes(Api api, const nlohmann::json& request, Attributes& out) const;

  // The response a stream's chunks add up to, in the provider's non-streaming shape; null when
  // the chunks hold nothing of a response.
  virtual nlohmann::json aggregate(Api api, const std::vector<StreamEvent>& chunks) const = 0;
  // MLflow's token usage ({"input_tokens", "output_tokens", "total_tokens"}, and the cache keys
  // when the provider reports them) of a response; null when it reports none.
  virtual nlohmann::json token_usage(Api api, const nlohmann::json& response) const = 0;
  // The model a response names; empty when none.
  virtual std::string response_model(Api api, const nlohmann::json& response) const;
  // The error a response body or a chunk reports, if it is one. The default knows the common
  // shapes: {"error": "text"} (Ollama), {"error": {"message", "type"|"status"}} (OpenAI,
  // Gemini, llama.cpp; Anthropic's {"type": "error", "error": {...}}), and a JSON array whose
  // first element is one of these (Gemini's streamGenerateContent without alt=sse).
  virtual std::optional<ProviderError> error_in(const nlohmann::json& body) const;
  // Attributes derived from the request and the final response.
  virtual void response_attributes(Api api, const nlohmann::json& request,
                                   const nlohmann::json& response, Attributes& out) const;
  // Rewrites a recorded request or response (in place) into the spelling MLflow's UI reads.
  virtual void normalize(Api api, nlohmann::json& value) const;
};

const Provider& openai_provider() noexcept;
const Provider& anthropic_provider() noexcept;
const Provider& ollama_provider() noexcept;
const Provider& gemini_provider() noexcept;
const Provider& llama_cpp_provider() noexcept;  // llama_cpp.cpp: generations run in process

// The model named by a Gemini URL's path (".../models/<model>:generateContent"); empty when
// there is none (gemini.cpp).
std::string gemini_model_of(std::string_view url);

// What a span of one Api is called and what it is.
struct ApiInfo {
  const char* span_name;  // as MLflow's Python autolog names it for the same call, where it has one
  const char* span_type;  // MLflow's span type
  const Provider* provider;
};
// The info of `api`; nullptr for kNone (and anything out of range).
const ApiInfo* api_info(Api api) noexcept;

// --- Shared by the providers ---------------------------------------------------------------------

// MLflow's usage object from counts; nullopt counts are left at 0, and a missing total is the
// sum. The cache counts are added only when given.
nlohmann::json make_token_usage(std::optional<std::int64_t> input, std::optional<std::int64_t> output,
                                std::optional<std::int64_t> total,
                                std::optional<std::int64_t> cache_read = std::nullopt,
                                std::optional<std::int64_t> cache_creation = std::nullopt);

// One tool in MLflow's (OpenAI's) shape: {"type": "function", "function": {"name",
// "description"?, "parameters"?}}; null members are left out.
nlohmann::json chat_tool(const nlohmann::json& name, const nlohmann::json* description,
                         const nlohmann::json* parameters);

// Appends `text` to the string at `into` (turning a null into a string).
void append_text(nlohmann::json& into, const std::string& text);

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_PROVIDER_H
