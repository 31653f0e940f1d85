// mlflow/context.h: carrying the current span to another thread.
//
// Spans nest through a per-thread stack, so a span started on a worker thread would begin a
// new trace. Capture the context where the work is created and attach it where it runs:
//
//   auto ctx = mlflow::Context::current();
//   pool.submit([ctx] {
//     auto scope = ctx.attach();                       // spans here join ctx's trace
//     auto span = mlflow::start_span("chunk", mlflow::SpanType::TASK);
//   });
//
//   std::async(std::launch::async, mlflow::bind_context([&] { return work(); }));
//
// The trace still completes when its root span ends: join the work before that, or its spans
// are not recorded. A context from an unsampled trace keeps the work unsampled too.
//
// A Context can also come from another process: mlflow::extract_traceparent()
// (mlflow/propagation.h) reads the one a request carries, and spans started under it continue
// the caller's trace.
#ifndef MLFLOW_CONTEXT_H
#define MLFLOW_CONTEXT_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

namespace detail {
struct TraceState;
class SpanStack;
struct ContextAccess;
}  // namespace detail

class ContextScope;

// A snapshot of "the current span" on some thread. Copyable, cheap, safe to pass anywhere.
class MLFLOW_API Context {
 public:
  // An empty context: attaching it makes spans start new traces.
  Context() noexcept = default;

  // The current span of the calling thread (empty when there is none).
  static Context current() noexcept;

  bool empty() const noexcept { return kind_ == Kind::kEmpty; }

  // Makes this context current on the calling thread until the scope ends.
  ContextScope attach() const noexcept;

 private:
  friend class ContextScope;
  friend struct detail::ContextAccess;
  // kRemoteParent: a span in another process (a sampled traceparent); kUnsampled may come from
  // one too.
  enum class Kind : std::uint8_t { kEmpty, kUnsampled, kRecording, kRemoteParent };
  Kind kind_ = Kind::kEmpty;
  std::shared_ptr<detail::TraceState> trace_;  // set when kRecording
  std::uint64_t trace_id_high_ = 0;             // kUnsampled, kRemoteParent: the trace's id
  std::uint64_t trace_id_low_ = 0;
  std::uint64_t span_id_ = 0;                   // the parent for spans started under it
  // kRemoteParent, kUnsampled from a request: the caller's W3C tracestate (null: none).
  std::shared_ptr<const std::string> tracestate_;
};

// Keeps a Context attached to its thread; detaches it on destruction. Must end on the thread
// that attached it.
class [[nodiscard]] MLFLOW_API ContextScope {
 public:
  ContextScope(ContextScope&& other) noexcept
      : stack_(std::exchange(other.stack_, nullptr)), depth_(other.depth_) {}
  ContextScope& operator=(ContextScope&&) = delete;
  ContextScope(const ContextScope&) = delete;
  ~ContextScope();

 private:
  friend class Context;
  ContextScope(detail::SpanStack* stack, std::size_t depth) noexcept
      : stack_(stack), depth_(depth) {}
  detail::SpanStack* stack_ = nullptr;  // null when moved from
  std::size_t depth_ = 0;
};

// Wraps a callable so that it runs with the calling thread's current context attached, wherever
// it is invoked: for std::thread, std::async and thread pools.
template <class F>
auto bind_context(F&& fn) {
  return [ctx = Context::current(), fn = std::forward<F>(fn)](auto&&... args) mutable -> decltype(auto) {
    auto scope = ctx.attach();
    return fn(std::forward<decltype(args)>(args)...);
  };
}

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_CONTEXT_H
