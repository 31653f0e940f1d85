// route.cpp: route_of, which HTTP requests are LLM calls (mlflow/detail/autolog.h).
//
// The route table (docs: llm-clients-and-test-models.md 2.8), matched on the last segments of
// the URL's path, so that any prefix a server or a proxy puts in front still matches
// (OpenRouter's /api/v1, Groq's /openai/v1, Azure's /openai/deployments/<name>, Gemini's
// OpenAI-compatible /v1beta/openai, DeepSeek's bare /chat/completions):
//
//   .../chat/completions                         OpenAI chat completions
//   .../v1/completions                           OpenAI legacy completions
//   .../v1/embeddings                            OpenAI embeddings
//   .../v1/responses                             OpenAI Responses API
//     (for these three, "/openai/<route>" and Azure's "/deployments/<name>/<route>" too)
//   .../v1/messages                              Anthropic Messages
//   .../api/chat, /api/generate                  Ollama
//   .../api/embed, /api/embeddings               Ollama embeddings
//   .../models/<model>:generateContent           Gemini (also tunedModels/<model>)
//   .../models/<model>:streamGenerateContent     Gemini, streamed
//
// A full URL ("https://host:port/path?query#fragment") or a path alone ("/v1/messages"); the
// scheme and authority, the query and the fragment are ignored, and so are empty segments (a
// trailing '/'). Everything else is kNone. No allocation: views into `url` only.
#include <mlflow/detail/autolog.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

constexpr std::string_view kEmpty = std::string_view();

// The path of `url`: after "scheme://authority" when there is one, before '?' and '#'.
std::string_view path_of(std::string_view url) noexcept {
  const std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos && url.substr(0, scheme).find_first_of("/?#") ==
                                              std::string_view::npos) {
    const std::size_t path = url.find_first_of("/?#", scheme + 3);
    url = path == std::string_view::npos ? kEmpty : url.substr(path);
  }
  return url.substr(0, url.find_first_of("?#"));
}

// The last `n` non-empty segments of `path`, the last first; missing ones are empty.
template <std::size_t N>
void last_segments(std::string_view path, std::string_view (&out)[N]) noexcept {
  std::size_t found = 0;
  while (found < N && !path.empty()) {
    const std::size_t slash = path.rfind('/');
    const std::string_view segment =
        slash == std::string_view::npos ? path : path.substr(slash + 1);
    path = slash == std::string_view::npos ? kEmpty : path.substr(0, slash);
    if (!segment.empty()) out[found++] = segment;
  }
}

}  // namespace

Api route_of(std::string_view url) noexcept {
  std::string_view s[3];  // s[0] the last segment, s[1] the one before, s[2] before that
  last_segments(path_of(url), s);
  // An OpenAI route's prefix: /v1, /openai (Gemini's compatible API, Azure's v1), or Azure's
  // /deployments/<name>.
  const bool openai_prefix = s[1] == "v1" || s[1] == "openai" || s[2] == "deployments";
  if (s[0] == "completions") {
    if (s[1] == "chat") return Api::kOpenAIChat;
    return openai_prefix ? Api::kOpenAICompletions : Api::kNone;
  }
  if (s[0] == "embeddings") {
    if (s[1] == "api") return Api::kOllamaEmbed;
    return openai_prefix ? Api::kOpenAIEmbeddings : Api::kNone;
  }
  if (s[0] == "responses") return openai_prefix ? Api::kOpenAIResponses : Api::kNone;
  if (s[0] == "messages") return s[1] == "v1" ? Api::kAnthropicMessages : Api::kNone;
  if (s[1] == "api") {
    if (s[0] == "chat") return Api::kOllamaChat;
    if (s[0] == "generate") return Api::kOllamaGenerate;
    if (s[0] == "embed") return Api::kOllamaEmbed;
    return Api::kNone;
  }
  if (s[1] == "models" || s[1] == "tunedModels") {
    const std::size_t colon = s[0].find(':');
    if (colon == 0 || colon == std::string_view::npos) return Api::kNone;  // no model name
    const std::string_view method = s[0].substr(colon);
    if (method == ":generateContent") return Api::kGeminiGenerate;
    if (method == ":streamGenerateContent") return Api::kGeminiStream;
  }
  return Api::kNone;
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
