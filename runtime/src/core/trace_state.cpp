// trace_state.cpp: see trace_state.h.
#include "core/trace_state.h"

#include <algorithm>
#include <string>
#include <utility>

#include "support/clock.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

SpanRecord* TraceState::open_span(SpanId parent, SpanName name, std::string_view span_type) {
  auto record = std::make_unique<SpanRecord>(this, new_span_id(), parent, std::move(name), span_type);
  SpanRecord* raw = record.get();
  {
    std::lock_guard<SpinLock> lock(mutex_);
    if (root_span_id_ == 0) root_span_id_ = raw->span_id;
    spans_.push_back(std::move(record));
  }
  // Taken last so that the span's own bookkeeping is not part of its duration.
  raw->start_unix_nano = now_unix_nanos();
  return raw;
}

void TraceState::mark_ended_elsewhere(SpanId id) {
  std::lock_guard<SpinLock> lock(mutex_);
  ended_elsewhere_.push_back(id);
  ended_elsewhere_count_.fetch_add(1, std::memory_order_release);
}

void TraceState::adopt(std::shared_ptr<TraceState>& owner) {
  std::lock_guard<SpinLock> lock(mutex_);
  if (!completed_ && !self_) self_ = std::move(owner);
}

void TraceState::orphan(SpanRecord* span) {
  // Under the lock: a span ended (on another thread) meanwhile may already be exported and gone.
  std::lock_guard<SpinLock> lock(mutex_);
  if (completed_ || std::find(ended_elsewhere_.begin(), ended_elsewhere_.end(), span->span_id) !=
                        ended_elsewhere_.end())
    return;
  span->orphaned.store(true, std::memory_order_relaxed);
}

std::unique_ptr<CompletedTrace> TraceState::end_span(SpanRecord* span) {
  std::lock_guard<SpinLock> lock(mutex_);
  span->ended.store(true, std::memory_order_release);
  if (completed_) {
    warn_once("span-after-root",
              "span '" + span->name.str() + "' ended after the root span of its trace " +
                  mlflow_trace_id(trace_id) +
                  " and was not recorded; end child spans (and join threads carrying the "
                  "trace's context) before the root span ends");
    return nullptr;
  }
  // The root is the first span opened, not "the span without a parent": in a trace continued
  // from another service it has one, there.
  if (span->span_id != root_span_id_) return nullptr;

  // The root ended: the trace is complete. Ended spans move out; open ones stay behind (and are
  // reported when they end).
  completed_ = true;
  auto done = std::make_unique<CompletedTrace>();
  done->orphaned_state = std::move(self_);  // freed with the completed trace, not here
  done->trace_id = trace_id;
  done->experiment_id = std::move(experiment_id);
  done->annotations = std::move(annotations_);
  // Spans left out by the cap, each with whatever it called (those are not counted: they run
  // as unsampled spans do, without looking at the trace).
  if (refused_ != 0)
    done->annotations.tags["mlflow.cpp.maxSpansReached"] =
        std::to_string(spans_.size()) + " spans recorded; " + std::to_string(refused_) +
        " more (each with the calls made under it) were not (MLFLOW_CPP_MAX_SPANS_PER_TRACE)";
  // The usual case: every span has ended. spans_[0] is the root (the first opened), and the
  // list moves out whole, in start order.
  if (std::all_of(spans_.begin(), spans_.end(),
                  [](const auto& r) { return r->ended.load(std::memory_order_acquire); })) {
    done->spans = std::move(spans_);
    spans_.clear();
    return done;
  }
  done->spans.reserve(spans_.size());
  // The root is first; the others keep their start order.
  for (auto& record : spans_)
    if (record.get() == span) done->spans.push_back(std::move(record));
  for (auto& record : spans_)
    if (record && record->ended.load(std::memory_order_acquire))
      done->spans.push_back(std::move(record));
  SpanList still_open;
  for (auto& record : spans_)
    if (record) still_open.push_back(std::move(record));
  spans_ = std::move(still_open);
  return done;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
