// propagation.cpp: mlflow/propagation.h: a Context to and from a W3C traceparent header value.
#include <mlflow/propagation.h>

#include <mlflow/tracing.h>

#include <memory>
#include <string>

#include "core/context_access.h"
#include "core/span_stack.h"
#include "core/trace_state.h"
#include "propagation/traceparent.h"

MLFLOW_BEGIN_NAMESPACE

using detail::ContextAccess;
using detail::SpanFrame;

std::string inject_traceparent() noexcept {
  if (!tracing::is_enabled()) return std::string();
  return inject_traceparent(Context::current());
}

std::string inject_traceparent(const Context& context) noexcept {
  if (!tracing::is_enabled()) return std::string();
  try {
    const SpanFrame frame = ContextAccess::to_frame(context);
    if (frame.kind == SpanFrame::Kind::kEmpty || frame.span_id == 0) return std::string();
    detail::TraceParent parent;
    parent.trace_id = frame.trace_id;
    parent.parent_span_id = frame.span_id;
    parent.sampled = frame.kind != SpanFrame::Kind::kUnsampled;
    return detail::format_traceparent(parent);
  } catch (...) {  // out of memory: no header, the callee starts its own trace
    return std::string();
  }
}

Context extract_traceparent(std::string_view header) noexcept {
  return extract_traceparent(header, std::string_view());
}

Context extract_traceparent(std::string_view header, std::string_view tracestate) noexcept {
  auto parent = detail::parse_traceparent(header);
  if (!parent) return Context();
  SpanFrame frame;
  // Sampled: the next span is the local root of the caller's trace. Not sampled: as under any
  // unsampled span, nothing is recorded, and requests sent on carry the same trace.
  frame.kind = parent->sampled ? SpanFrame::Kind::kRemoteParent : SpanFrame::Kind::kUnsampled;
  frame.trace_id = parent->trace_id;
  frame.span_id = parent->parent_span_id;
  // Kept as it came (at most 512 characters: the spec lets a vendor drop a longer one), without
  // the spaces around it.
  while (!tracestate.empty() && (tracestate.front() == ' ' || tracestate.front() == '\t'))
    tracestate.remove_prefix(1);
  while (!tracestate.empty() && (tracestate.back() == ' ' || tracestate.back() == '\t'))
    tracestate.remove_suffix(1);
  if (!tracestate.empty() && tracestate.size() <= 512) {
    try {
      frame.tracestate = std::make_shared<const std::string>(tracestate);
    } catch (...) {  // out of memory: the trace goes on without it
    }
  }
  return ContextAccess::from_frame(frame);
}

std::string inject_tracestate() noexcept {
  if (!tracing::is_enabled()) return std::string();
  return inject_tracestate(Context::current());
}

std::string inject_tracestate(const Context& context) noexcept {
  if (!tracing::is_enabled()) return std::string();
  try {
    const SpanFrame frame = ContextAccess::to_frame(context);
    if (frame.kind == SpanFrame::Kind::kSpan)
      return frame.trace != nullptr && frame.trace->tracestate ? *frame.trace->tracestate
                                                               : std::string();
    return frame.tracestate ? *frame.tracestate : std::string();
  } catch (...) {
    return std::string();
  }
}

MLFLOW_END_NAMESPACE
