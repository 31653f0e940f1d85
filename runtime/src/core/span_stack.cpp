// span_stack.cpp: see span_stack.h.
#include "core/span_stack.h"

#include "core/trace_state.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

bool SpanStack::ended_elsewhere(const SpanFrame& frame) noexcept {
  // A span ended on another thread is known to its trace (its record may be gone already).
  return frame.trace->ended_elsewhere(frame.span_id);
}

const SpanFrame* SpanStack::top_after_dropping_finished() noexcept {
  while (!frames_.empty() && finished(frames_.back())) frames_.pop_back();
  return frames_.empty() ? nullptr : &frames_.back();
}

const SpanFrame* SpanStack::top_with_ids() noexcept {
  if (top() == nullptr) return nullptr;
  SpanFrame& frame = frames_.back();
  if (frame.kind == SpanFrame::Kind::kSpan && !frame.trace_owner) {
    // A borrowing frame: the share is held by a frame below it, in the same trace.
    for (std::size_t i = frames_.size() - 1; i-- > 0;) {
      if (frames_[i].trace_owner.get() == frame.trace) {
        frame.trace_owner = frames_[i].trace_owner;
        break;
      }
    }
  }
  if (frame.kind != SpanFrame::Kind::kUnsampled) return &frame;
  if (frame.trace_id.high == 0 && frame.trace_id.low == 0) {
    // The dropped trace's id is its root's: the lowest unsampled frame of this run draws it,
    // and every frame above it up to the top takes it on.
    std::size_t first = frames_.size() - 1;
    while (first > 0 && frames_[first - 1].kind == SpanFrame::Kind::kUnsampled &&
           frames_[first - 1].trace_id.high == 0 && frames_[first - 1].trace_id.low == 0)
      --first;
    const TraceId id = first > 0 && frames_[first - 1].kind == SpanFrame::Kind::kUnsampled
                           ? frames_[first - 1].trace_id
                           : new_trace_id();
    for (std::size_t i = first; i < frames_.size(); ++i) frames_[i].trace_id = id;
  }
  if (frame.span_id == 0) frame.span_id = new_span_id();
  return &frame;
}

__thread SpanStack* t_span_stack = nullptr;

SpanStack& SpanStack::create_for_this_thread() noexcept {
  thread_local SpanStack stack;  // destroyed at thread exit
  t_span_stack = &stack;
  return stack;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
