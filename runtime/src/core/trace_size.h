// trace_size.h: about how much memory a completed trace holds, for the export queue's memory
// budget and the trace limits (trace_limits.h): the records, their strings and their JSON
// values, counted with the allocator's usual overheads. An estimate that errs high, computed
// once per span: a fixed part when it opens, the rest when it ends (TraceState).
#ifndef MLFLOW_RUNTIME_TRACE_SIZE_H
#define MLFLOW_RUNTIME_TRACE_SIZE_H

#include <mlflow/version.h>

#include <cstddef>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::size_t approximate_bytes(const nlohmann::json& value) noexcept;
// A span record's own block, counted when the span opens.
inline constexpr std::size_t kSpanRecordBytes = sizeof(SpanRecord) + 16;
// What an ended span holds beyond its record: names, values, attributes, events.
std::size_t approximate_payload_bytes(const SpanRecord& span) noexcept;
// A completed trace's own block and trace-level annotations, without its spans.
std::size_t approximate_trace_overhead_bytes(const CompletedTrace& trace) noexcept;
// The whole trace: its overhead and every span (tests; the runtime adds up as spans end).
std::size_t approximate_bytes(const CompletedTrace& trace) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_SIZE_H
