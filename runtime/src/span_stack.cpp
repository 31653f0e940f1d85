// span_stack.cpp: see span_stack.h.
#include "span_stack.h"

#include "trace_state.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

SpanStack& SpanStack::current() noexcept {
  thread_local SpanStack stack;
  return stack;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
