// foreign_context.cpp: the span stack's side of a bridge to another tracing library's context
// (mlflow/detail/foreign_context.h). The hook itself is read where spans start (span.cpp).
#include "core/foreign_context.h"

#include <mlflow/tracing.h>

#include "core/ids.h"
#include "core/span_stack.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::atomic<ForeignParentHook> g_foreign_parent{nullptr};

void set_foreign_parent_hook(ForeignParentHook hook) noexcept {
  g_foreign_parent.store(hook, std::memory_order_release);
}

std::size_t span_stack_depth() noexcept { return SpanStack::current().depth(); }

bool current_span_ids(ForeignSpanIds& ids) noexcept {
  if (!tracing::is_enabled()) return false;
  const SpanFrame* top = SpanStack::current().top_with_ids();
  if (top == nullptr || top->kind == SpanFrame::Kind::kEmpty || top->span_id == 0) return false;
  put_big_endian(top->trace_id.high, ids.trace_id);
  put_big_endian(top->trace_id.low, ids.trace_id + 8);
  put_big_endian(top->span_id, ids.span_id);
  ids.sampled = top->kind != SpanFrame::Kind::kUnsampled;
  return true;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
