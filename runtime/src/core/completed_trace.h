// completed_trace.h: a trace whose root span has ended, on its way to the exporters.
//
// Everything here is immutable once built, owned by exactly one place at a time (the export
// queue, then the export thread), and needs no lock.
#ifndef MLFLOW_RUNTIME_COMPLETED_TRACE_H
#define MLFLOW_RUNTIME_COMPLETED_TRACE_H

#include <mlflow/version.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/span_record.h"
#include "support/recycling_allocation.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Trace-level fields set through mlflow::update_current_trace().
struct TraceAnnotations {
  std::map<std::string, std::string> tags;
  std::map<std::string, std::string> metadata;
  std::optional<std::string> client_request_id;
  std::optional<std::string> request_preview;
  std::optional<std::string> response_preview;
  // The trace's state set by hand (OK or ERROR); UNSET: the root span's status decides.
  SpanStatusCode state = SpanStatusCode::UNSET;
};

// A trace's annotations, allocated when first set: most traces have none, and 216 bytes in every
// open and every queued trace were memory written, carried across to the export thread and
// counted against the queue's budget for nothing.
class LazyAnnotations {
 public:
  // What was set, or an empty set.
  const TraceAnnotations& get() const noexcept { return set_ ? *set_ : none(); }
  // The annotations to change, allocated on first use.
  TraceAnnotations& edit() {
    if (!set_) set_ = std::make_unique<TraceAnnotations>();
    return *set_;
  }
  bool any() const noexcept { return set_ != nullptr; }

 private:
  static const TraceAnnotations& none() noexcept {
    // Never destroyed: the export thread may read it during the final flush at exit.
    static const TraceAnnotations* const empty = new TraceAnnotations();
    return *empty;
  }
  std::unique_ptr<TraceAnnotations> set_;
};

// A trace's spans. Most traces have at most 16, and their list is recycled like the records.
using SpanList = std::vector<std::unique_ptr<SpanRecord>,
                             RecyclingArrayAllocator<std::unique_ptr<SpanRecord>, 16>>;

struct TraceState;

struct CompletedTrace : RecyclingAllocation<CompletedTrace> {
  TraceId trace_id;
  std::string experiment_id;
  // The ended spans in start order; spans[0] is the root (the local root: the first span
  // started in this process, whose parent is remote_parent_span_id()).
  SpanList spans;
  LazyAnnotations annotations;
  // The caller's W3C tracestate, for a trace continued from another service (null: none).
  std::shared_ptr<const std::string> tracestate;

  // The span in another service whose request this trace continues (W3C traceparent,
  // mlflow/propagation.h): the local root's parent. 0 when the trace started here.
  SpanId remote_parent_span_id() const { return root().parent_span_id; }

  // Where the trace is freed after export (home_thread_release.h). Bookkeeping, not trace
  // data.
  class ReleaseBox* home = nullptr;
  CompletedTrace* next_queued = nullptr;  // the export queue's link (export_pipeline.h)
  std::size_t approximate_bytes = 0;      // for the queue's memory budget (trace_size.h)
  // The trace's own share in its TraceState, when the thread that started it exited with spans
  // still open (TraceState::adopt): released with this trace, after its root ended.
  std::shared_ptr<TraceState> orphaned_state;

  const SpanRecord& root() const { return *spans.front(); }

  // MLflow's TraceState: what update_current_trace() set, else ERROR when the root span failed.
  bool failed() const noexcept {
    const SpanStatusCode set = annotations.get().state;
    return set != SpanStatusCode::UNSET ? set == SpanStatusCode::ERROR
                                        : root().status == SpanStatusCode::ERROR;
  }
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_COMPLETED_TRACE_H
