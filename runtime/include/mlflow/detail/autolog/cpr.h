// mlflow/detail/autolog/cpr.h: the libcpr/cpr adapter (plugin/autolog/Cpr.h).
//
// cpr::Post(Ts&&...): the options are read by type, without being changed: the cpr::Url (its
// route decides: only a POST to an LLM route is traced, every other request is made as written)
// and the cpr::Body or cpr::BodyView. The call is made with the same options, a cpr::WriteCallback
// passed through a wrapper that hands each piece of the body to the runtime first, then to the
// program's callback, and returns what that returned (false: the span ends as cancelled). The
// span ends with the Response's status code and text (or its error's message).
// cpr::Session::Post(): the same, with the URL and the body read from the session
// (GetFullRequestUrl, GetContent); a write callback set on the session is not seen (the session
// keeps it private): the span then has the status but no body.
#ifndef MLFLOW_DETAIL_AUTOLOG_CPR_H
#define MLFLOW_DETAIL_AUTOLOG_CPR_H

// The client's header is not included here: the plugin's tail includes this header only after
// the user's file included the client's (under whatever path it did).
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <mlflow/detail/autolog/redirect.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace cpr_client {

struct PostRequest {
  std::string_view url;
  std::string_view body;
};

template <class A>
void read(PostRequest& request, const A& option) {
  using T = std::decay_t<A>;
  if constexpr (std::is_same_v<T, ::cpr::Url>) {
    request.url = option.str();
  } else if constexpr (std::is_same_v<T, ::cpr::Body> || std::is_same_v<T, ::cpr::BodyView>) {
    request.body = option.str();
  }
}

struct Receiving {
  LlmCall* call;
  bool received = false;
  bool cancelled = false;
};

// A WriteCallback through a wrapper that hands the runtime each piece first; every other option
// as it is.
template <class A>
decltype(auto) pass(A&& option, Receiving& receiving) {
  using T = std::decay_t<A>;
  if constexpr (std::is_same_v<T, ::cpr::WriteCallback>) {
    if (!option.callback) return T(std::forward<A>(option));
    T user(std::forward<A>(option));
    intptr_t userdata = user.userdata;
    // The data is a std::string_view (cpr 1.11 and later) or a std::string (before).
    using Callback = decltype(user.callback);
    return T(Callback([&receiving, user = std::move(user.callback)](auto data, intptr_t userdata) {
               receiving.received = true;
               response_bytes(receiving.call, std::string_view(data));
               bool go_on = user(std::move(data), userdata);
               if (!go_on) receiving.cancelled = true;
               return go_on;
             }),
             userdata);
  } else {
    return std::forward<A>(option);
  }
}

inline void finish(LlmCall* call, const Receiving& receiving, const ::cpr::Response& response) {
  int status = static_cast<int>(response.status_code);
  if (receiving.cancelled) {
    end_cancelled(call, status);
    return;
  }
  if (!receiving.received && !response.text.empty()) response_bytes(call, response.text);
  if (response.error)
    end(call, status,
        response.error.message.empty() ? std::string_view("request failed")
                                       : std::string_view(response.error.message));
  else
    end(call, status, std::string_view());
}

}  // namespace cpr_client

template <>
struct Adapter<tags::cpr_post> {
  template <class R, class Fn, Fn F, class... A>
  static R call(A&&... options) {
    if (!enabled(Integration::kCpr)) return plain_call<R, Fn, F>(std::forward<A>(options)...);
    cpr_client::PostRequest request;
    (cpr_client::read(request, options), ...);
    Api api = route_of(request.url);
    if (api == Api::kNone) return plain_call<R, Fn, F>(std::forward<A>(options)...);
    LlmCallGuard call(begin(Integration::kCpr, api, request.url, request.body));
    if (call.get() == nullptr) return plain_call<R, Fn, F>(std::forward<A>(options)...);
    cpr_client::Receiving receiving{call.get()};
    R response = call_recording_exceptions(call, [&]() -> R {
      return plain_call<R, Fn, F>(cpr_client::pass(std::forward<A>(options), receiving)...);
    });
    cpr_client::finish(call.release(), receiving, response);
    return response;
  }
};

template <>
struct Adapter<tags::cpr_session_post> {
  template <class R, class Fn, Fn F, class Session>
  static R call(Session&& session) {
    if (!enabled(Integration::kCpr)) return plain_call<R, Fn, F>(std::forward<Session>(session));
    std::string url = session.GetFullRequestUrl();
    Api api = route_of(url);
    if (api == Api::kNone) return plain_call<R, Fn, F>(std::forward<Session>(session));
    std::string_view body;
    const auto& content = session.GetContent();
    if (const auto* held = std::get_if<::cpr::Body>(&content))
      body = held->str();
    else if (const auto* view = std::get_if<::cpr::BodyView>(&content))
      body = view->str();
    LlmCallGuard call(begin(Integration::kCpr, api, url, body));
    if (call.get() == nullptr) return plain_call<R, Fn, F>(std::forward<Session>(session));
    cpr_client::Receiving receiving{call.get()};
    R response = call_recording_exceptions(
        call, [&]() -> R { return plain_call<R, Fn, F>(std::forward<Session>(session)); });
    cpr_client::finish(call.release(), receiving, response);
    return response;
  }
};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_CPR_H
