// mlflow/detail/autolog/cpp-httplib.h: the cpp-httplib adapter (plugin/autolog/CppHttplib.h).
//
// Client::Post (every overload): when the path is an LLM route (and the integration is on), the
// span starts with the body the program passed (a std::string, or a pointer and a length;
// bodies from content providers are not read), the call is made with the same arguments, a
// content receiver passed through a wrapper that hands each chunk to the runtime first; the span
// ends with the response's status and body, or the client's error.
// Client::send (a Request the program built): the same for a POST to an LLM route, with the
// request's content receiver wrapped. send(const Request&) sends a copy with the wrapped
// receiver (the client copies the request anyway); send(Request&, Response&, Error&) puts the
// program's receiver back before it returns.
#ifndef MLFLOW_DETAIL_AUTOLOG_CPP_HTTPLIB_H
#define MLFLOW_DETAIL_AUTOLOG_CPP_HTTPLIB_H

// The client's header is not included here: the plugin's tail includes this header only after
// the user's file included the client's (under whatever path it did).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <mlflow/detail/autolog/redirect.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace cpp_httplib {

// What Post's arguments say about the request: its path first, then (after optional headers)
// a body as (const char*, size_t, content type) or (std::string, content type).
struct PostRequest {
  std::string_view path;
  std::string_view body;
};

template <class A>
constexpr bool is_string_v = std::is_same_v<std::decay_t<A>, std::string>;
template <class A>
constexpr bool is_c_string_v =
    std::is_same_v<std::decay_t<A>, const char*> || std::is_same_v<std::decay_t<A>, char*>;

inline void read_body(PostRequest&) {}
template <class A, class... Rest>
void read_body(PostRequest& request, const A& first, const Rest&... rest);

template <class A, class B, class... Rest>
void read_body_pair(PostRequest& request, const A& first, const B& second, const Rest&... rest) {
  if constexpr (is_c_string_v<A> && std::is_same_v<std::decay_t<B>, std::size_t>) {
    if (first != nullptr) request.body = std::string_view(first, second);
  } else if constexpr (is_string_v<A> && is_string_v<B>) {
    request.body = first;
  } else {
    read_body(request, second, rest...);
  }
}

template <class A, class... Rest>
void read_body(PostRequest& request, const A& first, const Rest&... rest) {
  if constexpr (sizeof...(Rest) > 0) read_body_pair(request, first, rest...);
}

template <class Path, class... Rest>
PostRequest read_post(const Path& path, const Rest&... rest) {
  PostRequest request;
  if constexpr (is_string_v<Path> || is_c_string_v<Path>) request.path = path;
  read_body(request, rest...);
  return request;
}

// Wraps a content receiver so that the runtime sees each chunk the program accepted; other
// arguments pass as they are.
struct Receiving {
  LlmCall* call;
  bool received = false;
  bool cancelled = false;
  bool take(const char* data, std::size_t size, bool accepted) {
    received = true;
    if (accepted)
      response_bytes(call, std::string_view(data, size));
    else
      cancelled = true;
    return accepted;
  }
};

template <class A>
decltype(auto) pass(A&& argument, Receiving& receiving) {
  using T = std::decay_t<A>;
  if constexpr (std::is_same_v<T, httplib::ContentReceiver>) {
    if (!argument) return T(std::forward<A>(argument));
    return T([&receiving, user = T(std::forward<A>(argument))](const char* data, std::size_t size) {
      return receiving.take(data, size, user(data, size));
    });
  } else if constexpr (std::is_same_v<T, httplib::ContentReceiverWithProgress>) {
    if (!argument) return T(std::forward<A>(argument));
    return T([&receiving, user = T(std::forward<A>(argument))](
                 const char* data, std::size_t size, std::uint64_t offset, std::uint64_t total) {
      return receiving.take(data, size, user(data, size, offset, total));
    });
  } else {
    return std::forward<A>(argument);
  }
}

inline httplib::ContentReceiverWithProgress wrap(httplib::ContentReceiverWithProgress user,
                                                 Receiving& receiving) {
  return [&receiving, user = std::move(user)](const char* data, std::size_t size,
                                              std::uint64_t offset, std::uint64_t total) {
    return receiving.take(data, size, user(data, size, offset, total));
  };
}

// The end of a call that returned a Result (or a Response and an Error).
inline void finish(LlmCallGuard& call, const Receiving& receiving, const httplib::Response* response,
                   httplib::Error error) {
  int status = response != nullptr ? response->status : 0;
  if (response != nullptr && !receiving.received && !response->body.empty())
    response_bytes(call.get(), response->body);
  if (receiving.cancelled) {
    end_cancelled(call.release(), status);
  } else if (response == nullptr || error != httplib::Error::Success) {
    std::string text = httplib::to_string(error);
    end(call.release(), status, text.empty() ? std::string_view("request failed") : text);
  } else {
    end(call.release(), status, {});
  }
}

// The LLM call of a Request given to Client::send: a POST to an LLM route; null otherwise.
inline LlmCall* begin_send(const httplib::Request& request) {
  if (request.method != "POST" || !enabled(Integration::kCppHttplib)) return nullptr;
  Api api = route_of(request.path);
  return api == Api::kNone ? nullptr
                           : begin(Integration::kCppHttplib, api, request.path, request.body);
}

}  // namespace cpp_httplib

template <>
struct Adapter<tags::cpp_httplib_post> {
  template <class R, class Fn, Fn F, class Client, class... A>
  static R call(Client&& client, A&&... args) {
    if (!enabled(Integration::kCppHttplib))
      return plain_call<R, Fn, F>(std::forward<Client>(client), std::forward<A>(args)...);
    cpp_httplib::PostRequest request = cpp_httplib::read_post(args...);
    Api api = route_of(request.path);
    if (api == Api::kNone)
      return plain_call<R, Fn, F>(std::forward<Client>(client), std::forward<A>(args)...);
    LlmCallGuard call(begin(Integration::kCppHttplib, api, request.path, request.body));
    if (call.get() == nullptr)
      return plain_call<R, Fn, F>(std::forward<Client>(client), std::forward<A>(args)...);
    cpp_httplib::Receiving receiving{call.get()};
    R result = call_recording_exceptions(call, [&]() -> R {
      return plain_call<R, Fn, F>(std::forward<Client>(client),
                                  cpp_httplib::pass(std::forward<A>(args), receiving)...);
    });
    cpp_httplib::finish(call, receiving, result ? &result.value() : nullptr, result.error());
    return result;
  }
};

template <>
struct Adapter<tags::cpp_httplib_send> {
  // Result send(const Request&)
  template <class R, class Fn, Fn F, class Client>
  static R call(Client&& client, const httplib::Request& request) {
    LlmCallGuard call(cpp_httplib::begin_send(request));
    if (call.get() == nullptr) return plain_call<R, Fn, F>(std::forward<Client>(client), request);
    cpp_httplib::Receiving receiving{call.get()};
    httplib::Request traced = request;
    if (traced.content_receiver)
      traced.content_receiver = cpp_httplib::wrap(std::move(traced.content_receiver), receiving);
    R result = call_recording_exceptions(call, [&]() -> R {
      return plain_call<R, Fn, F>(std::forward<Client>(client), std::as_const(traced));
    });
    cpp_httplib::finish(call, receiving, result ? &result.value() : nullptr, result.error());
    return result;
  }

  // bool send(Request&, Response&, Error&)
  template <class R, class Fn, Fn F, class Client>
  static R call(Client&& client, httplib::Request& request, httplib::Response& response,
                httplib::Error& error) {
    LlmCallGuard call(cpp_httplib::begin_send(request));
    if (call.get() == nullptr)
      return plain_call<R, Fn, F>(std::forward<Client>(client), request, response, error);
    cpp_httplib::Receiving receiving{call.get()};
    httplib::ContentReceiverWithProgress user = request.content_receiver;
    if (user) request.content_receiver = cpp_httplib::wrap(user, receiving);
    struct Restore {
      httplib::Request& request;
      httplib::ContentReceiverWithProgress& user;
      ~Restore() {
        if (user) request.content_receiver = std::move(user);
      }
    } restore{request, user};
    R sent = call_recording_exceptions(call, [&]() -> R {
      return plain_call<R, Fn, F>(std::forward<Client>(client), request, response, error);
    });
    cpp_httplib::finish(call, receiving, sent ? &response : nullptr,
                        sent ? httplib::Error::Success : error);
    return sent;
  }
};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_CPP_HTTPLIB_H
