// mlflow/detail/autolog.h: what the autolog adapters call in the runtime.
//
// The plugin redirects a call of a known LLM client (plugin/autolog/) to an adapter in
// <mlflow/detail/autolog/<integration>.h>, compiled in the user's translation unit against the
// client's own types. The adapter reads the request without changing it, makes the real call,
// and hands the runtime what it saw as text: a URL and a request body, the response's bytes as
// they arrive, the end (HTTP status, transport error, exception). Everything LLM-specific (which
// routes are LLM calls, the providers' request and response shapes, server-sent events and
// NDJSON streams, token usage, secrets, size limits) is decided here, in the runtime, once for
// every integration (runtime/src/autolog/).
//
// Text only crosses this interface (docs/abi.md): the adapters never pass a nlohmann::json, so an
// SDK's bundled nlohmann (openai-cpp's, ollama-hpp's) never meets the runtime's.
#ifndef MLFLOW_DETAIL_AUTOLOG_H
#define MLFLOW_DETAIL_AUTOLOG_H

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// The integrations, each switchable at run time (mlflow::autolog::disable("libcurl"), or
// MLFLOW_CPP_AUTOLOG=...). The names are the plugin's integration ids (docs/autolog.md).
enum class Integration : unsigned char {
  kLibcurl,     // "libcurl"
  kCppHttplib,  // "cpp-httplib"
  kCpr,         // "cpr"
  kOpenaiCpp,   // "openai-cpp"
  kOllamaHpp,   // "ollama-hpp"
  kLiboai,      // "liboai"
  kRules,       // "rules": the user's own wrappers, from a rules file
  kLlamaCpp,    // "llama-cpp": llama.cpp's C API in process (<mlflow/detail/autolog_llama.h>)
  kCount
};

// Bit i set: integration i is switched off. Read relaxed by every redirected call (one load, one
// predictable branch); written by mlflow::autolog::enable/disable and at start-up from
// MLFLOW_CPP_AUTOLOG.
MLFLOW_API extern unsigned g_autolog_disabled;

inline bool enabled(Integration integration) noexcept {
  return (__atomic_load_n(&g_autolog_disabled, __ATOMIC_RELAXED) &
          (1u << static_cast<unsigned>(integration))) == 0;
}

// The LLM APIs the runtime understands: a request's shape, its response's, its stream's.
enum class Api : unsigned char {
  kNone,                // not an LLM call: the adapter forwards and records nothing
  kOpenAIChat,          // POST .../v1/chat/completions                 CHAT_MODEL
  kOpenAICompletions,   // POST .../v1/completions                      LLM
  kOpenAIEmbeddings,    // POST .../v1/embeddings                       EMBEDDING
  kOpenAIResponses,     // POST .../v1/responses                        CHAT_MODEL
  kAnthropicMessages,   // POST .../v1/messages                         CHAT_MODEL
  kOllamaChat,          // POST .../api/chat                            CHAT_MODEL
  kOllamaGenerate,      // POST .../api/generate                        LLM
  kOllamaEmbed,         // POST .../api/embed (and /api/embeddings)     EMBEDDING
  kGeminiGenerate,      // POST .../models/<m>:generateContent          LLM
  kGeminiStream,        // POST .../models/<m>:streamGenerateContent    LLM
  // Not HTTP: a generation run in process with llama.cpp's C API, as the runtime's tracker
  // describes it (runtime/src/autolog/llama_cpp.cpp): requests and responses in OpenAI's shapes.
  kLlamaCppChat,        // a prompt from llama_chat_apply_template      CHAT_MODEL
  kLlamaCppCompletion,  // a raw prompt                                 LLM
  kLlamaCppEmbedding,   // llama_get_embeddings* after a decode         EMBEDDING
};
// (Span types as MLflow's Python autolog gives them: Gemini's generate_content is LLM there,
// only a chat session's send_message is CHAT_MODEL; mlflow/gemini/autolog.py _get_span_type.)

// The API a URL (or a path alone: "/v1/chat/completions") addresses; kNone for every other
// request. Matched on the path's last segments, so a prefix (/openai/v1, /api/v1, Azure's
// /openai/deployments/<name>) still matches; the query and fragment are ignored. Cheap: no
// allocation. The table: runtime/src/autolog/route.cpp.
MLFLOW_API Api route_of(std::string_view url) noexcept;

// One LLM call in flight: its span (the current span of the calling thread until it ends) and
// what the runtime learned of the request and the response so far. Opaque.
class LlmCall;

// Starts the span of one LLM call, as a child of the calling thread's current span.
//   integration  who saw the call (a span attribute, mlflow.autolog.integration)
//   api          the request's shape (route_of(url) for HTTP, the SDK's own for SDK calls)
//   url          the request's URL (or base URL and path; may be empty). Its query parameters
//                that carry keys (key=, api_key=, ...) are masked before it is recorded.
//   request      the request body as the provider receives it (JSON text); may be empty
//   span_name    the span's name; null: the API's, as MLflow's Python autolog names the same
//                call ("Completions", "Messages.create", "Models.generate_content"; Ollama:
//                "ollama.chat"); an SDK adapter may pass the callee ("ollama::chat")
// Returns null, and records nothing, when tracing is off, the integration is switched off, the
// api is kNone, the request is not empty and not a JSON object (not an LLM call), the trace is
// not sampled, or the calling thread is already inside an LLM call's span (the SDK's own HTTP
// call under the SDK's call makes no second span). Never throws; never blocks. A non-null call
// must reach end(), end_with_exception() or end_cancelled() exactly once; it may do so on
// another thread, and is used by one thread at a time.
MLFLOW_API LlmCall* begin(Integration integration, Api api, std::string_view url,
                          std::string_view request, const char* span_name = nullptr) noexcept;

// The response body's bytes, in order, as they reach the program: a whole JSON body, or a stream
// (server-sent events, Ollama's NDJSON, Gemini's JSON array) in pieces cut anywhere. The first
// call's time is the time to first chunk; each complete stream event becomes a span event
// ("mlflow.chunk.item.<i>", stamped with its arrival time, recorded when the call ends).
MLFLOW_API void response_bytes(LlmCall* call, std::string_view bytes) noexcept;

// One chunk of a stream as an SDK's callback got it (one JSON object, or the raw text the SDK
// passed on: "data: {...}" lines, with or without their line ends). Marks the call as streamed.
MLFLOW_API void stream_chunk(LlmCall* call, std::string_view chunk) noexcept;

// The call returned. `http_status`: the HTTP status (0 when there was none: a transport
// failure, or an SDK that does not say); `transport_error`: the client's error text, empty when
// the request completed. The response is what response_bytes/stream_chunk received, unless
// `response` is given (an SDK that returns the parsed body: its JSON text). Outputs, token usage,
// model, finish reason and the status (ERROR for a 4xx/5xx status, a transport error, or an
// error body) are recorded; the span ends. `call` is freed; null is ignored.
MLFLOW_API void end(LlmCall* call, int http_status, std::string_view transport_error,
                    std::string_view response = {}) noexcept;

// The call threw: the exception in flight (std::current_exception()) is recorded as MLflow
// records one, with the response so far; the span ends; `call` is freed.
MLFLOW_API void end_with_exception(LlmCall* call) noexcept;

// The stream was cancelled by the program (its callback returned false / fewer bytes): recorded
// as an event ("cancelled"), and the span ends, status OK, with what arrived (an HTTP status >=
// 400 still makes it ERROR). `call` is freed.
MLFLOW_API void end_cancelled(LlmCall* call, int http_status) noexcept;

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_H
