// mlflow/detail/autolog/ollama-hpp.h: the jmont-dev/ollama-hpp adapter (plugin/autolog/OllamaHpp.h).
//
// ollama::chat / generate / generate_embeddings and the members of ::Ollama of the same names,
// every overload. When the integration is on, the span starts with the request as the SDK sends
// it, rebuilt from the arguments with the SDK's own nlohmann (ollama::json) the way the SDK builds
// it (model, messages or prompt, "stream", options, images, context, keep_alive; a request the
// program built is copied, with the "stream" flag the SDK sets), then the call is made with the
// same arguments:
//   - non-streaming overloads (return ollama::response): the span ends with the response's JSON
//     text (as_json_string());
//   - streaming overloads (take std::function<bool(const ollama::response&)>, return bool): the
//     callback goes through a wrapper that hands each chunk's JSON text to the runtime, then
//     calls the program's callback with the same response and returns what it returned; when it
//     returned false the span ends as cancelled. The call's bool is returned as it is.
// An exception (ollama::exception for an error reply or no reply, or the program's callback
// throwing) is recorded and rethrown as it is. The SDK keeps its server URL private: the span
// has no URL. Span names are the callees' ("ollama::chat", "Ollama::chat").
#ifndef MLFLOW_DETAIL_AUTOLOG_OLLAMA_HPP_H
#define MLFLOW_DETAIL_AUTOLOG_OLLAMA_HPP_H

// The client's header is not included here: the plugin's tail includes this header only after
// the user's file included the client's (under whatever path it did).
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <mlflow/detail/autolog/redirect.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace ollama_hpp {

using Json = ::ollama::json;
using Callback = std::function<bool(const ::ollama::response&)>;

// --- The request, as the SDK builds it (ollama::request's constructors) ----------------------

inline void put_options(Json& request, const Json& options) {
  // The SDK reads options["options"] of whatever it was given; a value without it is the SDK's
  // own failure to report, later, in the call.
  if (options != nullptr && options.is_object() && options.contains("options"))
    request["options"] = options["options"];
}

inline Json chat_request(const std::string& model, const ::ollama::messages& messages,
                         const Json& options, bool stream, const std::string& keep_alive) {
  Json request;
  request["model"] = model;
  request["messages"] = messages.to_json();
  request["stream"] = stream;
  put_options(request, options);
  request["keep_alive"] = keep_alive;
  return request;
}

inline Json generation_request(const std::string& model, const std::string& prompt,
                               const Json& options, bool stream,
                               const std::vector<std::string>& images) {
  Json request;
  request["model"] = model;
  request["prompt"] = prompt;
  request["stream"] = stream;
  put_options(request, options);
  if (!images.empty()) request["images"] = images;
  return request;
}

inline void put_context(Json& request, const ::ollama::response& context) {
  if (context.as_json().contains("context")) request["context"] = context.as_json()["context"];
}

inline Json with_stream(const Json& request, bool stream) {
  Json copy = request;
  copy["stream"] = stream;
  return copy;
}

// chat: (model, messages, options, format, keep_alive), (request&), and the streaming
// (model, messages, callback, options, format, keep_alive), (request&, callback).
inline Json chat_of(const std::string& model, const ::ollama::messages& messages,
                    const Json& options, const std::string&, const std::string& keep_alive) {
  return chat_request(model, messages, options, false, keep_alive);
}
inline Json chat_of(const ::ollama::request& request) { return with_stream(request, false); }
inline Json chat_of(const std::string& model, const ::ollama::messages& messages, const Callback&,
                    const Json& options, const std::string&, const std::string& keep_alive) {
  return chat_request(model, messages, options, true, keep_alive);
}
inline Json chat_of(const ::ollama::request& request, const Callback&) {
  return with_stream(request, true);
}

// generate: (model, prompt, context, options, images), (model, prompt, options, images),
// (request&), and the streaming (model, prompt, context, callback, options, images),
// (model, prompt, callback, options, images), (request&, callback).
inline Json generate_of(const std::string& model, const std::string& prompt,
                        const ::ollama::response& context, const Json& options,
                        const std::vector<std::string>& images) {
  Json request = generation_request(model, prompt, options, false, images);
  put_context(request, context);
  return request;
}
inline Json generate_of(const std::string& model, const std::string& prompt, const Json& options,
                        const std::vector<std::string>& images) {
  return generation_request(model, prompt, options, false, images);
}
inline Json generate_of(const ::ollama::request& request) { return with_stream(request, false); }
inline Json generate_of(const std::string& model, const std::string& prompt,
                        const ::ollama::response& context, const Callback&, const Json& options,
                        const std::vector<std::string>& images) {
  Json request = generation_request(model, prompt, options, true, images);
  put_context(request, context);
  return request;
}
inline Json generate_of(const std::string& model, const std::string& prompt, const Callback&,
                        const Json& options, const std::vector<std::string>& images) {
  return generation_request(model, prompt, options, true, images);
}
inline Json generate_of(const ::ollama::request& request, const Callback&) {
  return with_stream(request, true);
}

// generate_embeddings: (model, input, options, truncate, keep_alive), (request&).
inline Json embeddings_of(const std::string& model, const std::string& input, const Json& options,
                          bool truncate, const std::string& keep_alive) {
  Json request;
  request["model"] = model;
  request["input"] = input;
  put_options(request, options);
  request["truncate"] = truncate;
  request["keep_alive"] = keep_alive;
  return request;
}
inline Json embeddings_of(const ::ollama::request& request) { return request; }

// The request's JSON text; empty when it cannot be written (out of memory, or arguments the SDK
// itself will refuse).
template <class Build>
std::string text_of(Build&& build) noexcept {
  try {
    return build().dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (...) {
    return std::string();
  }
}

// --- The streaming callback ---------------------------------------------------------------------

struct Streaming {
  LlmCall* call;
  bool cancelled = false;
};

// The program's callback through a wrapper that hands each chunk to the runtime first; every
// other argument as it is.
template <class A>
decltype(auto) pass(A&& argument, Streaming& streaming) {
  if constexpr (std::is_same_v<std::decay_t<A>, Callback>) {
    if (!argument) return Callback(std::forward<A>(argument));  // the SDK's own bad_function_call
    return Callback([&streaming, user = Callback(std::forward<A>(argument))](
                        const ::ollama::response& chunk) {
      stream_chunk(streaming.call, chunk.as_json_string());
      bool go_on = user(chunk);
      if (!go_on) streaming.cancelled = true;
      return go_on;
    });
  } else {
    return std::forward<A>(argument);
  }
}

inline void finish(LlmCallGuard& call, const Streaming& streaming, bool returned) {
  if (streaming.cancelled)
    end_cancelled(call.release(), 0);
  else
    end(call.release(), 0, returned ? std::string_view() : std::string_view("the call returned false"));
}

inline void finish(LlmCallGuard& call, const Streaming&, const ::ollama::response& returned) {
  const std::string& body = returned.as_json_string();
  // An empty response: the SDK got no reply and was told not to throw.
  end(call.release(), 0, body.empty() ? std::string_view("no response") : std::string_view(),
      body);
}

template <class R, class Fn, Fn F, class... A>
R traced(Api api, const char* span_name, std::string request, A&&... args) {
  LlmCallGuard call(begin(Integration::kOllamaHpp, api, std::string_view(), request, span_name));
  if (call.get() == nullptr) return plain_call<R, Fn, F>(std::forward<A>(args)...);
  Streaming streaming{call.get()};
  R result = call_recording_exceptions(call, [&]() -> R {
    return plain_call<R, Fn, F>(pass(std::forward<A>(args), streaming)...);
  });
  finish(call, streaming, result);
  return result;
}

// The three functions: how a call's request is built, its API, its names.
struct ChatCalls {
  static constexpr Api kApi = Api::kOllamaChat;
  static constexpr const char* kFreeName = "ollama::chat";
  static constexpr const char* kMemberName = "Ollama::chat";
  template <class... A>
  static Json request(const A&... args) {
    return chat_of(args...);
  }
};
struct GenerateCalls {
  static constexpr Api kApi = Api::kOllamaGenerate;
  static constexpr const char* kFreeName = "ollama::generate";
  static constexpr const char* kMemberName = "Ollama::generate";
  template <class... A>
  static Json request(const A&... args) {
    return generate_of(args...);
  }
};
struct EmbeddingsCalls {
  static constexpr Api kApi = Api::kOllamaEmbed;
  static constexpr const char* kFreeName = "ollama::generate_embeddings";
  static constexpr const char* kMemberName = "Ollama::generate_embeddings";
  template <class... A>
  static Json request(const A&... args) {
    return embeddings_of(args...);
  }
};

// The arguments of a member call without its object.
template <class Calls, class Self, class... Rest>
std::string member_request(const Self&, const Rest&... rest) {
  return text_of([&] { return Calls::request(rest...); });
}

template <class Calls>
struct CallsAdapter {
  // Every overload: the callee's own parameter types (the Ollama object first, for a member).
  template <class R, class Fn, Fn F, class... A>
  static R call(A&&... args) {
    if (!enabled(Integration::kOllamaHpp)) return plain_call<R, Fn, F>(std::forward<A>(args)...);
    constexpr bool member = std::is_member_function_pointer_v<Fn>;
    std::string request;
    if constexpr (member)
      request = member_request<Calls>(args...);
    else
      request = text_of([&] { return Calls::request(args...); });
    return traced<R, Fn, F>(Calls::kApi, member ? Calls::kMemberName : Calls::kFreeName,
                            std::move(request), std::forward<A>(args)...);
  }
};

}  // namespace ollama_hpp

template <>
struct Adapter<tags::ollama_hpp_chat> : ollama_hpp::CallsAdapter<ollama_hpp::ChatCalls> {};
template <>
struct Adapter<tags::ollama_hpp_generate> : ollama_hpp::CallsAdapter<ollama_hpp::GenerateCalls> {};
template <>
struct Adapter<tags::ollama_hpp_embeddings>
    : ollama_hpp::CallsAdapter<ollama_hpp::EmbeddingsCalls> {};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_OLLAMA_HPP_H
