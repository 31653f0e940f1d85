// span_stack.cpp: see span_stack.h.
#include "span_stack.h"

#include "trace_state.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

bool SpanStack::finished(const SpanFrame& frame) noexcept {
  // A span ended on another thread is known to its trace (its record may be gone already).
  return frame.closed || (frame.record != nullptr && frame.trace->ended_elsewhere(frame.span_id));
}

SpanStack& SpanStack::current() noexcept {
  thread_local SpanStack stack;
  return stack;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
