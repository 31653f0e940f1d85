// context.cpp: mlflow::Context (mlflow/context.h): a span stack frame carried to another thread.
#include <mlflow/context.h>

#include "span_stack.h"
#include "trace_state.h"

namespace mlflow {
inline namespace v0 {

using detail::SpanFrame;
using detail::SpanStack;

Context Context::current() noexcept {
  Context context;
  const SpanFrame* top = SpanStack::current().top();
  if (top == nullptr) return context;
  switch (top->kind) {
    case SpanFrame::Kind::kSpan:
      context.kind_ = Kind::kRecording;
      context.trace_ = top->trace;
      context.span_id_ = top->span_id;
      break;
    case SpanFrame::Kind::kUnsampled:
      context.kind_ = Kind::kUnsampled;
      break;
    case SpanFrame::Kind::kEmpty:
      break;
  }
  return context;
}

ContextScope Context::attach() const noexcept {
  try {
    SpanFrame frame;
    switch (kind_) {
      case Kind::kRecording:
        frame.kind = SpanFrame::Kind::kSpan;
        frame.trace = trace_;
        frame.span_id = span_id_;
        // frame.record stays null: the span belongs to another thread, which alone writes it.
        break;
      case Kind::kUnsampled:
        frame.kind = SpanFrame::Kind::kUnsampled;
        break;
      case Kind::kEmpty:
        frame.kind = SpanFrame::Kind::kEmpty;
        break;
    }
    SpanStack& stack = SpanStack::current();
    return ContextScope(&stack, stack.push(std::move(frame)));
  } catch (...) {
    return ContextScope(nullptr, 0);
  }
}

ContextScope::~ContextScope() {
  if (stack_ != nullptr && stack_ == &SpanStack::current()) stack_->close(depth_);
}

}  // namespace v0
}  // namespace mlflow
