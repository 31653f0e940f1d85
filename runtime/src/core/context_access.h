// context_access.h: the runtime's way in to mlflow::Context (mlflow/context.h).
//
// A Context is a copy of one span stack frame, made to travel: Context::current() takes it from
// the top of the stack, Context::attach() pushes it back on another thread, and propagation
// (mlflow/propagation.h) turns it into a traceparent header and builds one from a header. These
// two conversions are the only place that knows how a frame is kept inside a Context.
#ifndef MLFLOW_RUNTIME_CONTEXT_ACCESS_H
#define MLFLOW_RUNTIME_CONTEXT_ACCESS_H

#include <mlflow/context.h>
#include <mlflow/version.h>

#include "core/span_stack.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct ContextAccess {
  // The frame's context; `frame.record` and `frame.closed` are not part of it.
  static Context from_frame(const SpanFrame& frame) noexcept;
  // A frame that continues the context (its `record` stays null: a span started elsewhere
  // belongs to the thread that started it, which alone writes it).
  static SpanFrame to_frame(const Context& context) noexcept;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CONTEXT_ACCESS_H
