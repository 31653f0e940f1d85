// context.cpp: mlflow::Context (mlflow/context.h): a span stack frame carried to another thread.
#include <mlflow/context.h>

#include "core/context_access.h"
#include "core/span_stack.h"
#include "core/trace_state.h"

namespace mlflow {
inline namespace v0 {

using detail::SpanFrame;
using detail::SpanStack;

namespace detail {

Context ContextAccess::from_frame(const SpanFrame& frame) noexcept {
  Context context;
  switch (frame.kind) {
    case SpanFrame::Kind::kSpan:
      context.kind_ = Context::Kind::kRecording;
      context.trace_ = frame.trace_owner;  // see SpanStack::top_with_ids()
      if (frame.trace != nullptr) context.tracestate_ = frame.trace->tracestate;
      break;
    case SpanFrame::Kind::kUnsampled:
      context.kind_ = Context::Kind::kUnsampled;
      break;
    case SpanFrame::Kind::kRemoteParent:
      context.kind_ = Context::Kind::kRemoteParent;
      break;
    case SpanFrame::Kind::kEmpty:
      return context;
  }
  context.trace_id_high_ = frame.trace_id.high;
  context.trace_id_low_ = frame.trace_id.low;
  context.span_id_ = frame.span_id;
  if (frame.kind != SpanFrame::Kind::kSpan) context.tracestate_ = frame.tracestate;
  return context;
}

SpanFrame ContextAccess::to_frame(const Context& context) noexcept {
  SpanFrame frame;
  switch (context.kind_) {
    case Context::Kind::kRecording:
      frame.kind = SpanFrame::Kind::kSpan;
      frame.trace_owner = context.trace_;
      frame.trace = frame.trace_owner.get();
      break;
    case Context::Kind::kUnsampled:
      frame.kind = SpanFrame::Kind::kUnsampled;
      break;
    case Context::Kind::kRemoteParent:
      frame.kind = SpanFrame::Kind::kRemoteParent;
      break;
    case Context::Kind::kEmpty:
      frame.kind = SpanFrame::Kind::kEmpty;
      return frame;
  }
  frame.trace_id = TraceId{context.trace_id_high_, context.trace_id_low_};
  frame.span_id = context.span_id_;
  if (frame.kind != SpanFrame::Kind::kSpan) frame.tracestate = context.tracestate_;
  return frame;
}

}  // namespace detail

Context Context::current() noexcept {
  const SpanFrame* top = SpanStack::current().top_with_ids();
  return top != nullptr ? detail::ContextAccess::from_frame(*top) : Context();
}

ContextScope Context::attach() const noexcept {
  try {
    SpanStack& stack = SpanStack::current();
    return ContextScope(&stack, stack.push(detail::ContextAccess::to_frame(*this)));
  } catch (...) {
    return ContextScope(nullptr, 0);
  }
}

ContextScope::~ContextScope() {
  if (stack_ != nullptr && stack_ == &SpanStack::current()) stack_->close(depth_);
}

}  // namespace v0
}  // namespace mlflow
