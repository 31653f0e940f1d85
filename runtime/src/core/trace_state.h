// trace_state.h: a trace while its spans are running.
//
// Shared (std::shared_ptr) by every active span's stack frame and by every mlflow::Context
// captured from it, so a worker thread can still add spans after the thread that started the
// trace has moved on. When the root span ends, the ended spans move into a CompletedTrace that
// is handed to export; spans that end after that are reported and not recorded (MLflow's Python
// client behaves the same way).
//
// "The root" is the local root: the first span opened in the trace. Its parent is 0 for a trace
// started here, or, for a trace continued from another service (mlflow/propagation.h), the
// calling span in that service (CompletedTrace::remote_parent_span_id()).
#ifndef MLFLOW_RUNTIME_TRACE_STATE_H
#define MLFLOW_RUNTIME_TRACE_STATE_H

#include <mlflow/version.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/completed_trace.h"
#include "core/ids.h"
#include "core/span_record.h"
#include "core/trace_limits.h"
#include "support/spin_lock.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct TraceState {
  explicit TraceState(TraceId id, std::string experiment_id)
      : trace_id(id), experiment_id(std::move(experiment_id)) {
    spans_.reserve(16);  // one recycled block for most traces instead of one per doubling
  }
  // A trace that never completed (its root span never ended) takes back what it published, and
  // its open spans leave the registry of lent spans.
  ~TraceState();

  const TraceId trace_id;
  std::string experiment_id;  // moved into the CompletedTrace when the root ends
  // The W3C tracestate of the caller, for a trace continued from another service (null: none):
  // passed on by requests sent from it, and carried by its spans in OTLP.
  std::shared_ptr<const std::string> tracestate;

  // Creates a span record owned by this trace; the first one is the trace's (local) root.
  // Thread-safe.
  SpanRecord* open_span(SpanId parent, SpanName name, std::string_view span_type);

  // Whether one more span may be recorded in this trace under `limits` (trace_limits.h), and
  // with the memory budget `memory_full` or not. A refused span is counted; the completed trace
  // says so in a tag (mlflow.cpp.maxSpansReached, mlflow.cpp.maxTraceBytesReached,
  // mlflow.cpp.memoryBudgetReached). Thread-safe; without a span cap, and under the bounds,
  // it takes no lock.
  bool admit_span(const TraceLimits& limits, bool memory_full) noexcept {
    if (limits.max_spans == 0 && !memory_full &&
        bytes_.load(std::memory_order_relaxed) < limits.max_trace_bytes)
      return true;
    return admit_span_slow(limits, memory_full);
  }

  // Marks the span ended (its end time and status already set by the caller), and counts what
  // it holds against the trace's size. Returns the completed trace when `span` is the local
  // root, and nothing otherwise. Thread-safe.
  std::unique_ptr<CompletedTrace> end_span(SpanRecord* span);

  // Registers the open span `record` (span `id`, of this trace) as lent to a SpanRef
  // (core/lent_spans.h), unless it has ended here or on another thread; returns whether it is
  // open. `record` is alive unless the span was ended on another thread: only then is the record
  // not looked at. Thread-safe.
  bool lend(SpanRecord* record, SpanId id);

  // Adds spans that ended elsewhere (a remote service's trace: mlflow::add_trace) to this
  // trace, taking them from `spans`: each without a parent among them becomes a child of the
  // span `parent`. Returns false, taking nothing, when the trace has completed. Thread-safe.
  bool add_ended_spans(SpanList& spans, SpanId parent);

  // Records that the span `id` was ended on another thread than the one that started it; that
  // thread learns it through ended_elsewhere() and drops the span's frame. The record itself
  // may be gone by then (exported), so the frame must not look at it.
  void mark_ended_elsewhere(SpanId id);

  // Keeps the trace alive by itself (takes `owner`, the share of the frame of a thread that
  // exits with spans of it open) until its root span ends; the completed trace then takes the
  // share. A trace already complete leaves `owner` where it is.
  void adopt(std::shared_ptr<TraceState>& owner);
  // Marks `span` orphaned (its starting thread exits with it open), unless it has ended.
  void orphan(SpanRecord* span);
  bool ended_elsewhere(SpanId id) noexcept {
    if (ended_elsewhere_count_.load(std::memory_order_acquire) == 0) return false;  // usual case
    std::lock_guard<SpinLock> lock(mutex_);
    return std::find(ended_elsewhere_.begin(), ended_elsewhere_.end(), id) != ended_elsewhere_.end();
  }

  // Applies `fn` to the trace-level annotations under the trace's lock.
  template <class Fn>
  void annotate(Fn&& fn) {
    std::lock_guard<SpinLock> lock(mutex_);
    fn(annotations_.edit());
  }

 private:
  bool admit_span_slow(const TraceLimits& limits, bool memory_full) noexcept;
  void add_bytes_locked(std::size_t bytes) noexcept;
  void unpublish_bytes() noexcept;

  SpinLock mutex_;
  SpanList spans_;  // in start order; guarded by mutex_
  SpanId root_span_id_ = 0;                         // the first span opened; guarded by mutex_
  LazyAnnotations annotations_;                     // guarded by mutex_
  bool completed_ = false;                          // guarded by mutex_
  std::vector<SpanId> ended_elsewhere_;             // guarded by mutex_
  std::shared_ptr<TraceState> self_;                // guarded by mutex_: adopt()
  std::atomic<unsigned> ended_elsewhere_count_{0};
  // Spans admit_span refused, by the bound that refused them; guarded by mutex_.
  std::size_t refused_for_spans_ = 0;
  std::size_t refused_for_bytes_ = 0;
  std::size_t refused_for_memory_ = 0;
  // What the trace's spans hold (trace_size.h): written under mutex_, read by admit_span
  // without it. `published_` of it is counted in g_open_trace_bytes (trace_limits.h).
  std::atomic<std::size_t> bytes_{0};
  std::size_t published_ = 0;  // guarded by mutex_
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_STATE_H
