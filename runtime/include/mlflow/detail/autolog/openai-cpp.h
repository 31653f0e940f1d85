// mlflow/detail/autolog/openai-cpp.h: the olrea/openai-cpp adapter (plugin/autolog/OpenaiCpp.h).
//
// openai::_detail::CategoryChat::create, CategoryCompletion::create, CategoryEmbedding::create
// (Json create(Json input)): when the integration is on, the span starts with the request, the
// Json the program passed, dumped to text by the SDK's own nlohmann (the runtime never sees a
// nlohmann type, so an SDK that bundles another release links); the call is made with the same
// argument; the span ends with the Json the call returned, dumped the same way. An exception
// (std::runtime_error for a failed request or an error body) is recorded and rethrown as it is.
// The SDK says no HTTP status and its base URL is private to the OpenAI instance: the span has
// neither (the runtime reads the API from the callee, not from a URL).
#ifndef MLFLOW_DETAIL_AUTOLOG_OPENAI_CPP_H
#define MLFLOW_DETAIL_AUTOLOG_OPENAI_CPP_H

// The client's header is not included here: the plugin's tail includes this header only after
// the user's file included the client's (under whatever path it did).
#include <string>
#include <string_view>
#include <utility>

#include <mlflow/detail/autolog/redirect.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace openai_cpp {

// A value of the SDK's Json as JSON text, invalid UTF-8 replaced (as the SDK's own dump would
// throw on it, later, in the call). Empty when even that fails (out of memory).
template <class Json>
std::string text_of(const Json& value) noexcept {
  try {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (...) {
    return std::string();
  }
}

template <class R, class Fn, Fn F, class Self, class Json>
R traced(Api api, const char* span_name, Self&& self, Json&& input) {
  // Read before the call: the call takes its Json by value, moved from this one.
  LlmCallGuard call(begin(Integration::kOpenaiCpp, api, std::string_view(), text_of(input),
                          span_name));
  if (call.get() == nullptr)
    return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<Json>(input));
  R result = call_recording_exceptions(call, [&]() -> R {
    return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<Json>(input));
  });
  end(call.release(), 0, std::string_view(), text_of(result));
  return result;
}

}  // namespace openai_cpp

template <>
struct Adapter<tags::openai_cpp_chat> {
  template <class R, class Fn, Fn F, class Self, class Json>
  static R call(Self&& self, Json&& input) {
    if (!enabled(Integration::kOpenaiCpp))
      return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<Json>(input));
    return openai_cpp::traced<R, Fn, F>(Api::kOpenAIChat, "openai::_detail::CategoryChat::create",
                                        std::forward<Self>(self), std::forward<Json>(input));
  }
};

template <>
struct Adapter<tags::openai_cpp_completion> {
  template <class R, class Fn, Fn F, class Self, class Json>
  static R call(Self&& self, Json&& input) {
    if (!enabled(Integration::kOpenaiCpp))
      return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<Json>(input));
    return openai_cpp::traced<R, Fn, F>(Api::kOpenAICompletions,
                                        "openai::_detail::CategoryCompletion::create",
                                        std::forward<Self>(self), std::forward<Json>(input));
  }
};

template <>
struct Adapter<tags::openai_cpp_embedding> {
  template <class R, class Fn, Fn F, class Self, class Json>
  static R call(Self&& self, Json&& input) {
    if (!enabled(Integration::kOpenaiCpp))
      return plain_call<R, Fn, F>(std::forward<Self>(self), std::forward<Json>(input));
    return openai_cpp::traced<R, Fn, F>(Api::kOpenAIEmbeddings,
                                        "openai::_detail::CategoryEmbedding::create",
                                        std::forward<Self>(self), std::forward<Json>(input));
  }
};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_OPENAI_CPP_H
