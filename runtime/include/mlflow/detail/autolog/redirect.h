// mlflow/detail/autolog/redirect.h: the definition of autolog::Redirect<...>::call.
//
// The plugin's tail includes this header, then the adapter of each integration the file calls
// (<mlflow/detail/autolog/<id>.h>). A redirected call arrives in Redirect<...>::call with the
// callee's own parameter types and goes on to the integration's adapter, which makes the real
// call with plain_call<R, Fn, F>(args...) and tells the runtime what it saw
// (<mlflow/detail/autolog.h>). Adapters never change an argument the user passed, return exactly
// what the callee returned and rethrow exactly what it threw.
#ifndef MLFLOW_DETAIL_AUTOLOG_REDIRECT_H
#define MLFLOW_DETAIL_AUTOLOG_REDIRECT_H

#include <functional>
#include <utility>

#include <mlflow/detail/autolog.h>
#include <mlflow/detail/prelude.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

template <class Tag, class Fn, Fn F, class R, class... P>
R Redirect<Tag, Fn, F, R, P...>::call(P... args) {
  return Adapter<Tag>::template call<R, Fn, F>(static_cast<P&&>(args)...);
}

// The call as the user wrote it: F(args...), or (object.*F)(args...) for a member function
// (a virtual one dispatches as it did).
template <class R, class Fn, Fn F, class... A>
inline R plain_call(A&&... args) {
  return std::invoke(F, std::forward<A>(args)...);
}

// Ends an LLM call on every path out of an adapter. An exception that leaves the real call is
// recorded only when the call is made through call_recording_exceptions below: the guard's
// destructor runs while the stack unwinds, before any handler, where std::current_exception()
// is still null, so an exception that reaches it ends the call with nothing to say about it.
class LlmCallGuard {
 public:
  explicit LlmCallGuard(LlmCall* call) noexcept : call_(call) {}
  LlmCallGuard(const LlmCallGuard&) = delete;
  LlmCallGuard& operator=(const LlmCallGuard&) = delete;
  ~LlmCallGuard() {
    if (call_ != nullptr) end_with_exception(call_);
  }
  LlmCall* get() const noexcept { return call_; }
  // The call's end is recorded by the caller from here on.
  LlmCall* release() noexcept {
    LlmCall* call = call_;
    call_ = nullptr;
    return call;
  }

 private:
  LlmCall* call_;
};

// Makes the real call, body(), for an adapter whose call began: an exception that leaves it is
// recorded here, in a handler, where std::current_exception() is the exception in flight (the
// guard's destructor would not see it), and goes on unchanged (`throw;`: the same object).
// Returns exactly what body() returned.
template <class Body>
inline decltype(auto) call_recording_exceptions(LlmCallGuard& call, Body&& body) {
  try {
    return static_cast<Body&&>(body)();
  } catch (...) {
    end_with_exception(call.release());
    throw;
  }
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_REDIRECT_H
