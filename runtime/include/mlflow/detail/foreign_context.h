// mlflow/detail/foreign_context.h: the span stack's side of a bridge to another tracing
// library's context in the same process, so that a program using both gets one trace, not two.
// <mlflow/opentelemetry.h> builds the bridge to opentelemetry-cpp on it; nothing here names a
// type of that library.
//
// Each thread has two stacks of current spans: mlflow-cpp's span stack and the other library's
// (opentelemetry-cpp's RuntimeContext). Whichever span became current last is the parent of the
// next span started with either library. The bridge tells them apart by the span stack's depth:
// it notes the depth when the other library makes a span current (Attach), and
//   - when a span starts here, asks the bridge's hook whether the other library's current span is
//     newer than this thread's current span (it was attached at the present depth or deeper); if
//     so the new span continues that span's trace, with it as the parent, as a span under a
//     `traceparent` from another service does (mlflow/propagation.h);
//   - when the other library starts a span, the bridge gives it this thread's current span as
//     its parent when the depth grew since its own last attach (current_span_ids()).
#ifndef MLFLOW_DETAIL_FOREIGN_CONTEXT_H
#define MLFLOW_DETAIL_FOREIGN_CONTEXT_H

#include <cstddef>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// A span of either library, by its W3C ids (big-endian bytes, as in a traceparent).
struct ForeignSpanIds {
  unsigned char trace_id[16] = {};
  unsigned char span_id[8] = {};
  bool sampled = false;
};

// Asked on every span start while installed: fills `parent` and returns true when the other
// library's current span is newer than the span stack's top, `depth` being the stack's depth
// (span_stack_depth()). Called on the starting thread; must be cheap and must not start spans.
using ForeignParentHook = bool (*)(std::size_t depth, ForeignSpanIds& parent) noexcept;

// Installs the hook (null: none). One bridge per process: a second hook replaces the first.
MLFLOW_API void set_foreign_parent_hook(ForeignParentHook hook) noexcept;

// How many frames the calling thread's span stack holds (spans started and contexts attached,
// still open): grows by one with each span started here.
MLFLOW_API std::size_t span_stack_depth() noexcept;

// The ids of the calling thread's current span (or of the remote caller a context extracted
// from a traceparent names); false when there is none or tracing is disabled.
MLFLOW_API bool current_span_ids(ForeignSpanIds& ids) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_FOREIGN_CONTEXT_H
