// span_stack.h: the per-thread stack of active spans, i.e. "the current span".
//
// Each thread has one stack. start_span() pushes a frame and Span::end() pops it; the top frame
// is the parent of the next span. Frames come in four kinds:
//   kSpan          a recording span (or an attached Context's span on another thread):
//                  children join its trace with it as their parent;
//   kUnsampled     a span of a trace the sampler dropped (here or in the calling process):
//                  children are dropped too;
//   kRemoteParent  an attached Context read from a request's traceparent header
//                  (mlflow/propagation.h): the next span starts the local part of the caller's
//                  trace, with the caller's span as its parent;
//   kEmpty         an attached empty Context: the next span starts a new trace.
// Every frame but kEmpty carries its trace's id and a span id, unsampled ones too, so that a
// request sent from under any span names its trace (W3C traceparent, mlflow/propagation.h).
#ifndef MLFLOW_RUNTIME_SPAN_STACK_H
#define MLFLOW_RUNTIME_SPAN_STACK_H

#include <mlflow/version.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "ids.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct SpanRecord;
struct TraceState;

struct SpanFrame {
  enum class Kind : unsigned char { kSpan, kUnsampled, kRemoteParent, kEmpty };
  Kind kind = Kind::kEmpty;
  std::shared_ptr<TraceState> trace;  // kSpan only
  TraceId trace_id;                   // every kind but kEmpty
  // kSpan and kRemoteParent: the parent for spans started under it. kUnsampled: the dropped
  // span's own id, passed on to other services as the parent.
  SpanId span_id = 0;
  SpanRecord* record = nullptr;       // kSpan started on this thread: the span itself
  bool closed = false;                // its span ended, or its Context scope closed
};

class SpanStack {
 public:
  // The calling thread's stack.
  static SpanStack& current() noexcept;

  // The top frame that is still open, or null when no span is active on this thread. Frames
  // whose span has ended (possibly on another thread) are dropped first.
  const SpanFrame* top() noexcept {
    while (!frames_.empty() && finished(frames_.back())) frames_.pop_back();
    return frames_.empty() ? nullptr : &frames_.back();
  }

  // Pushes a frame and returns its depth, the argument for close().
  std::size_t push(SpanFrame frame) {
    frames_.push_back(std::move(frame));
    return frames_.size() - 1;
  }

  // Closes the frame pushed at `depth`. Frames above it stay until they close too (a span
  // ended before its children): they keep their trace alive, so the children can still end.
  void close(std::size_t depth) noexcept {
    if (depth < frames_.size()) frames_[depth].closed = true;
    top();
  }

 private:
  static bool finished(const SpanFrame& frame) noexcept;

  std::vector<SpanFrame> frames_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPAN_STACK_H
