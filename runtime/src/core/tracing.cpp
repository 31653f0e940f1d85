// tracing.cpp: process-wide switches and the current trace (mlflow/tracing.h).
#include <mlflow/tracing.h>

#include "runtime.h"
#include "core/span_stack.h"
#include "core/trace_state.h"

namespace mlflow {
inline namespace v0 {

namespace detail {
// A plain bool, read and written only through the __atomic builtins (relaxed), so that the
// plugin's prelude can read it without <atomic> (mlflow/detail/prelude.h).
bool g_tracing_enabled = true;
}  // namespace detail

namespace tracing {

void enable() noexcept { __atomic_store_n(&detail::g_tracing_enabled, true, __ATOMIC_RELAXED); }
void disable() noexcept { __atomic_store_n(&detail::g_tracing_enabled, false, __ATOMIC_RELAXED); }
bool is_enabled() noexcept { return detail::tracing_enabled(); }

bool flush(std::chrono::milliseconds timeout) noexcept {
  return detail::Runtime::get().flush(timeout);
}

bool flush() noexcept { return flush(detail::Runtime::get().config().flush_timeout); }

Stats stats() noexcept { return detail::Runtime::get().stats(); }

}  // namespace tracing

void update_current_trace(const TraceUpdate& update) noexcept {
  const detail::SpanFrame* top = detail::SpanStack::current().top();
  if (top == nullptr || top->kind != detail::SpanFrame::Kind::kSpan) return;
  try {
    top->trace->annotate([&](detail::TraceAnnotations& notes) {
      for (const auto& [key, value] : update.tags) notes.tags[key] = value;
      for (const auto& [key, value] : update.metadata) notes.metadata[key] = value;
      if (update.session_id) notes.metadata["mlflow.trace.session"] = *update.session_id;
      if (update.user) notes.metadata["mlflow.trace.user"] = *update.user;
      if (update.model_id) notes.metadata["mlflow.modelId"] = *update.model_id;
      if (update.state) notes.state = *update.state;
      if (update.client_request_id) notes.client_request_id = update.client_request_id;
      if (update.request_preview) notes.request_preview = update.request_preview;
      if (update.response_preview) notes.response_preview = update.response_preview;
    });
  } catch (...) {
  }
}

std::optional<std::string> get_active_trace_id() {
  const detail::SpanFrame* top = detail::SpanStack::current().top();
  if (top == nullptr || top->kind != detail::SpanFrame::Kind::kSpan) return std::nullopt;
  return detail::mlflow_trace_id(top->trace_id);
}

std::optional<std::string> get_last_active_trace_id() {
  return detail::Runtime::get().last_active_trace_id();
}

SpanRef get_current_active_span() noexcept {
  const detail::SpanFrame* top = detail::SpanStack::current().top();
  if (top == nullptr || top->record == nullptr) return SpanRef();
  // The frame's trace and id, not the record's: the span may have been ended on another thread
  // meanwhile, and then the record may be gone (lend() does not look at it).
  return detail::SpanAccess::lend(top->trace, top->record, top->span_id);
}

}  // namespace v0
}  // namespace mlflow
