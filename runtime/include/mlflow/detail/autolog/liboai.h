// mlflow/detail/autolog/liboai.h: the D7EAD/liboai adapter (plugin/autolog/Liboai.h).
//
// liboai::ChatCompletion::create, Completions::create, Embeddings::create and their create_async,
// each `const &` with a model and std::optional parameters (ChatCompletion also a Conversation&).
// liboai is a compiled library: its request is built inside it, so the adapter builds the same
// body from the arguments, as the library's JsonConstructor does (the model; each parameter that
// has a value; "stream": true when a streaming callback is given; the conversation's messages and
// functions), with the library's nlohmann, reading the conversation without changing it. The call
// is made with the same arguments; a streaming callback goes through a wrapper that hands the raw
// server-sent events the library passes it to the runtime, then calls the program's callback
// with the same data and returns what it returned (false: the span ends as cancelled; liboai then
// throws, and that exception goes on as it is). The span ends with the Response's status code and
// body; an exception (liboai::exception::OpenAIException for an error status, a failed transfer,
// a body that is not JSON) is recorded and rethrown as it is. The root URL is private to the
// component: the span has none.
//
// create_async returns a std::future<liboai::Response> whose request runs on a thread of
// liboai's. Its span is begun on a thread of the adapter's that has the caller's context attached
// (mlflow/context.h), so it is a child of the caller's current span, in the caller's trace,
// without becoming the caller's current span while the request runs (the caller goes on and may
// start spans, or other LLM calls, of its own meanwhile). That thread waits for liboai's future,
// ends the span and hands the Response (or the exception, the same object) on: the program gets
// a future of the same type that becomes ready when the request ends, as liboai's would.
#ifndef MLFLOW_DETAIL_AUTOLOG_LIBOAI_H
#define MLFLOW_DETAIL_AUTOLOG_LIBOAI_H

// The client's header is not included here: the plugin's tail includes this header only after
// the user's file included the client's (under whatever path it did).
#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <mlflow/context.h>

#include <mlflow/detail/autolog/redirect.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace liboai_sdk {

using Json = ::nlohmann::json;
using ChatStream = ::liboai::ChatCompletion::ChatStreamCallback;  // (std::string, intptr_t, Conversation&)
using CompletionStream = std::function<bool(std::string, intptr_t)>;
using LogitBias = std::optional<std::unordered_map<std::string, int8_t>>;

// --- The request, as the library's JsonConstructor builds it -------------------------------------

template <class T>
void put(Json& body, const char* key, const std::optional<T>& value) {
  if (value) body[key] = *value;
}

inline std::string text_of(const Json& body) noexcept {
  try {
    return body.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (...) {
    return std::string();
  }
}

inline std::string chat_request(
    const std::string& model, const ::liboai::Conversation& conversation,
    const std::optional<std::string>& function_call, const std::optional<float>& temperature,
    const std::optional<float>& top_p, const std::optional<uint16_t>& n,
    const std::optional<ChatStream>& stream, const std::optional<std::vector<std::string>>& stop,
    const std::optional<uint16_t>& max_tokens, const std::optional<float>& presence_penalty,
    const std::optional<float>& frequency_penalty, const LogitBias& logit_bias,
    const std::optional<std::string>& user) noexcept {
  try {
    Json body;
    body["model"] = model;
    put(body, "temperature", temperature);
    put(body, "top_p", top_p);
    put(body, "n", n);
    put(body, "stop", stop);
    put(body, "max_tokens", max_tokens);
    put(body, "presence_penalty", presence_penalty);
    put(body, "frequency_penalty", frequency_penalty);
    put(body, "logit_bias", logit_bias);
    put(body, "user", user);
    if (function_call) {
      if (*function_call == "none" || *function_call == "auto")
        body["function_call"] = *function_call;
      else
        body["function_call"] = Json{{"name", *function_call}};
    }
    if (stream) body["stream"] = true;
    const Json& held = conversation.GetJSON();
    if (held.is_object() && held.contains("messages")) body["messages"] = held["messages"];
    if (conversation.HasFunctions()) {
      const Json& functions = conversation.GetFunctionsJSON();
      if (functions.is_object() && functions.contains("functions"))
        body["functions"] = functions["functions"];
    }
    return text_of(body);
  } catch (...) {
    return std::string();
  }
}

inline std::string completion_request(
    const std::string& model, const std::optional<std::string>& prompt,
    const std::optional<std::string>& suffix, const std::optional<uint16_t>& max_tokens,
    const std::optional<float>& temperature, const std::optional<float>& top_p,
    const std::optional<uint16_t>& n, const std::optional<CompletionStream>& stream,
    const std::optional<uint8_t>& logprobs, const std::optional<bool>& echo,
    const std::optional<std::vector<std::string>>& stop,
    const std::optional<float>& presence_penalty, const std::optional<float>& frequency_penalty,
    const std::optional<uint16_t>& best_of, const LogitBias& logit_bias,
    const std::optional<std::string>& user) noexcept {
  try {
    Json body;
    body["model"] = model;
    put(body, "prompt", prompt);
    put(body, "suffix", suffix);
    put(body, "max_tokens", max_tokens);
    put(body, "temperature", temperature);
    put(body, "top_p", top_p);
    put(body, "n", n);
    if (stream && *stream) body["stream"] = true;  // JsonConstructor: a callback that is set
    put(body, "logprobs", logprobs);
    put(body, "echo", echo);
    put(body, "stop", stop);
    put(body, "presence_penalty", presence_penalty);
    put(body, "frequency_penalty", frequency_penalty);
    put(body, "best_of", best_of);
    put(body, "logit_bias", logit_bias);
    put(body, "user", user);
    return text_of(body);
  } catch (...) {
    return std::string();
  }
}

inline std::string embedding_request(const std::string& model,
                                      const std::optional<std::string>& input,
                                      const std::optional<std::string>& user) noexcept {
  try {
    Json body;
    body["model"] = model;
    put(body, "input", input);
    put(body, "user", user);
    return text_of(body);
  } catch (...) {
    return std::string();
  }
}

// --- The streaming callbacks -------------------------------------------------------------------

// Shared by the call and its callback wrapper (which create_async runs on liboai's thread).
struct Streaming {
  LlmCall* call = nullptr;
  bool cancelled = false;
};

// The program's streaming callback through a wrapper that hands the data to the runtime first;
// every other argument as it is.
template <class A>
decltype(auto) pass(A&& argument, const std::shared_ptr<Streaming>& streaming) {
  using T = std::decay_t<A>;
  if constexpr (std::is_same_v<T, std::optional<ChatStream>>) {
    if (!argument || !*argument) return T(std::forward<A>(argument));
    return T(ChatStream([streaming, user = ChatStream(*std::forward<A>(argument))](
                            std::string data, intptr_t userdata, ::liboai::Conversation& conversation) {
      response_bytes(streaming->call, data);
      bool go_on = user(std::move(data), userdata, conversation);
      if (!go_on) streaming->cancelled = true;
      return go_on;
    }));
  } else if constexpr (std::is_same_v<T, std::optional<CompletionStream>>) {
    if (!argument || !*argument) return T(std::forward<A>(argument));
    return T(CompletionStream([streaming, user = CompletionStream(*std::forward<A>(argument))](
                                  std::string data, intptr_t userdata) {
      response_bytes(streaming->call, data);
      bool go_on = user(std::move(data), userdata);
      if (!go_on) streaming->cancelled = true;
      return go_on;
    }));
  } else {
    return std::forward<A>(argument);
  }
}

// The end of a call that returned its Response (a stream's body went to the callback).
inline void finish(LlmCall* call, const Streaming& streaming, const ::liboai::Response& response) {
  int status = static_cast<int>(response.status_code);
  if (streaming.cancelled)
    end_cancelled(call, status);
  else
    end(call, status, std::string_view(), response.content);
}

// The end of a call that threw: cancelled by the program's callback (liboai reports the aborted
// transfer as an exception), or failed. In a handler.
inline void finish_thrown(LlmCall* call, const Streaming& streaming) {
  if (streaming.cancelled)
    end_cancelled(call, 0);
  else
    end_with_exception(call);
}

template <class R, class Fn, Fn F, class Self, class... A>
R traced(Api api, const char* span_name, std::string request, Self&& self, A&&... args) {
  LlmCallGuard call(begin(Integration::kLiboai, api, std::string_view(), request, span_name));
  if (call.get() == nullptr)
    return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<A>(args)...);
  auto streaming = std::make_shared<Streaming>();
  streaming->call = call.get();
  try {
    R result = plain_call<R, Fn, F>(std::forward<Self>(self), pass(std::forward<A>(args), streaming)...);
    finish(call.release(), *streaming, result);
    return result;
  } catch (...) {
    finish_thrown(call.release(), *streaming);
    throw;
  }
}

// create_async: see the header comment.
template <class R, class Fn, Fn F, class Self, class... A>
R traced_async(Api api, const char* span_name, std::string request, Self&& self, A&&... args) {
  using Value = std::decay_t<decltype(std::declval<R&>().get())>;  // liboai::Response
  struct Shared {
    std::promise<LlmCall*> begun;
    std::promise<R> started;  // liboai's future, or what create_async threw
    std::shared_ptr<Streaming> streaming = std::make_shared<Streaming>();
  };
  auto shared = std::make_shared<Shared>();
  std::future<LlmCall*> begun = shared->begun.get_future();
  R traced;
  try {
    traced = std::async(std::launch::async, [shared, api, span_name, request = std::move(request),
                                             context = ::mlflow::Context::current()]() -> Value {
      auto scope = context.attach();
      LlmCall* call = begin(Integration::kLiboai, api, std::string_view(), request, span_name);
      shared->streaming->call = call;
      std::future<R> started = shared->started.get_future();
      shared->begun.set_value(call);
      if (call == nullptr) return Value();  // never read: the program gets liboai's own future
      try {
        R running = started.get();
        Value value = running.get();
        finish(call, *shared->streaming, value);
        return value;
      } catch (...) {
        finish_thrown(call, *shared->streaming);
        throw;
      }
    });
  } catch (...) {  // no thread for it (std::system_error): the call as written
    return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<A>(args)...);
  }
  if (begun.get() == nullptr)
    return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<A>(args)...);
  try {
    shared->started.set_value(
        plain_call<R, Fn, F>(std::forward<Self>(self), pass(std::forward<A>(args), shared->streaming)...));
  } catch (...) {  // create_async itself threw: the span records it, the program gets it
    shared->started.set_exception(std::current_exception());
    throw;
  }
  return traced;
}

template <class Calls>
struct CallsAdapter {
  template <class R, class Fn, Fn F, class Self, class... A>
  static R call(Self&& self, A&&... args) {
    if (!enabled(Integration::kLiboai))
      return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<A>(args)...);
    if constexpr (Calls::kAsync)
      return traced_async<R, Fn, F>(Calls::kApi, Calls::kName, Calls::request(args...),
                                    std::forward<Self>(self), std::forward<A>(args)...);
    else
      return traced<R, Fn, F>(Calls::kApi, Calls::kName, Calls::request(args...),
                              std::forward<Self>(self), std::forward<A>(args)...);
  }
};

template <bool Async>
struct ChatCalls {
  static constexpr bool kAsync = Async;
  static constexpr Api kApi = Api::kOpenAIChat;
  static constexpr const char* kName =
      Async ? "liboai::ChatCompletion::create_async" : "liboai::ChatCompletion::create";
  template <class... A>
  static std::string request(const A&... args) {
    return chat_request(args...);
  }
};

template <bool Async>
struct CompletionCalls {
  static constexpr bool kAsync = Async;
  static constexpr Api kApi = Api::kOpenAICompletions;
  static constexpr const char* kName =
      Async ? "liboai::Completions::create_async" : "liboai::Completions::create";
  template <class... A>
  static std::string request(const A&... args) {
    return completion_request(args...);
  }
};

template <bool Async>
struct EmbeddingCalls {
  static constexpr bool kAsync = Async;
  static constexpr Api kApi = Api::kOpenAIEmbeddings;
  static constexpr const char* kName =
      Async ? "liboai::Embeddings::create_async" : "liboai::Embeddings::create";
  template <class... A>
  static std::string request(const A&... args) {
    return embedding_request(args...);
  }
};

}  // namespace liboai_sdk

template <>
struct Adapter<tags::liboai_chat> : liboai_sdk::CallsAdapter<liboai_sdk::ChatCalls<false>> {};
template <>
struct Adapter<tags::liboai_chat_async> : liboai_sdk::CallsAdapter<liboai_sdk::ChatCalls<true>> {};
template <>
struct Adapter<tags::liboai_completions>
    : liboai_sdk::CallsAdapter<liboai_sdk::CompletionCalls<false>> {};
template <>
struct Adapter<tags::liboai_completions_async>
    : liboai_sdk::CallsAdapter<liboai_sdk::CompletionCalls<true>> {};
template <>
struct Adapter<tags::liboai_embeddings>
    : liboai_sdk::CallsAdapter<liboai_sdk::EmbeddingCalls<false>> {};
template <>
struct Adapter<tags::liboai_embeddings_async>
    : liboai_sdk::CallsAdapter<liboai_sdk::EmbeddingCalls<true>> {};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_LIBOAI_H
