// trace_limits.h: the bounds on what recorded traces may hold, so that tracing everything a
// program does never grows its memory without bound.
//
//  - Per trace: a span count (MLFLOW_CPP_MAX_SPANS_PER_TRACE, no cap by default) and a size
//    (MLFLOW_CPP_MAX_TRACE_BYTES, 16 MiB by default, estimated as trace_size.h does). A trace at
//    either bound is cut: the spans it has are kept and delivered when its root ends; new spans,
//    each with whatever it calls, run unrecorded and are counted, and the trace says so in a tag.
//  - For all traces together, open ones and those waiting in the export queue: the memory
//    budget (MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES, 64 MiB). A completed trace is queued only while
//    the queue and the open traces together stay within it; otherwise it is spilled to the
//    local store (export_pipeline.h), and the exporter stops waiting on retries, so the queue
//    gives way to the running program. The open traces may use the whole budget: beyond it a
//    new span is not recorded either (a new trace is not recorded at all). So the traces held
//    in memory stay within the budget, but for the open traces' growth since the last trace
//    was queued, which the queue then sheds to the local store: at most twice the budget.
//
// An open trace adds up what its spans hold as they end (TraceState::end_span) and publishes
// the sum in g_open_trace_bytes in steps of kPublishStep: the shared counter is written once
// per 16 KiB recorded, not once per span, and errs low by less than a step per open trace.
#ifndef MLFLOW_RUNTIME_TRACE_LIMITS_H
#define MLFLOW_RUNTIME_TRACE_LIMITS_H

#include <mlflow/version.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct TraceLimits {
  std::size_t max_spans = 0;                      // 0: no cap
  std::size_t max_trace_bytes = std::size_t(-1);  // no cap: SIZE_MAX
};

inline constexpr std::size_t kPublishStep = std::size_t{16} << 10;

// What open traces hold, as published by them (see above).
inline std::atomic<std::size_t> g_open_trace_bytes{0};

// Spans left out of their traces by a limit above, and traces not recorded at all because the
// memory budget was full, since the process started (mlflow::tracing::stats()).
inline std::atomic<std::uint64_t> g_spans_left_out{0};
inline std::atomic<std::uint64_t> g_traces_not_recorded{0};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_LIMITS_H
