// trace_state.cpp: see trace_state.h.
#include "core/trace_state.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/lent_spans.h"
#include "core/trace_size.h"
#include "support/clock.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

TraceState::~TraceState() {
  unpublish_bytes();
  // (Only spans still open are left here: a completed trace's ended ones moved out.)
  for (const auto& record : spans_) LentSpans::retire(*record);
}

SpanRecord* TraceState::open_span(SpanId parent, SpanName name, std::string_view span_type) {
  auto record = std::make_unique<SpanRecord>(this, new_span_id(), parent, std::move(name), span_type);
  SpanRecord* raw = record.get();
  {
    std::lock_guard<SpinLock> lock(mutex_);
    if (root_span_id_ == 0) root_span_id_ = raw->span_id;
    spans_.push_back(std::move(record));
    add_bytes_locked(kSpanRecordBytes);
  }
  // Taken last so that the span's own bookkeeping is not part of its duration.
  raw->start_unix_nano = now_unix_nanos();
  return raw;
}

bool TraceState::admit_span_slow(const TraceLimits& limits, bool memory_full) noexcept {
  std::lock_guard<SpinLock> lock(mutex_);
  // Until the root ends every span opened is in spans_: its size is the count.
  std::size_t* refused = nullptr;
  if (limits.max_spans != 0 && spans_.size() >= limits.max_spans) {
    refused = &refused_for_spans_;
  } else if (bytes_.load(std::memory_order_relaxed) >= limits.max_trace_bytes) {
    refused = &refused_for_bytes_;
    warn_once("trace-bytes", "a trace reached MLFLOW_CPP_MAX_TRACE_BYTES (" +
                                 std::to_string(limits.max_trace_bytes) +
                                 " bytes): its later spans are not recorded, and the trace says "
                                 "so in its tag mlflow.cpp.maxTraceBytesReached");
  } else if (memory_full) {
    refused = &refused_for_memory_;
    warn_once("memory-budget", "the traces open and waiting for export hold the memory budget "
                               "(MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES): new spans are not recorded "
                               "until export catches up; their traces say so in the tag "
                               "mlflow.cpp.memoryBudgetReached");
  } else {
    return true;
  }
  ++*refused;
  g_spans_left_out.fetch_add(1, std::memory_order_relaxed);
  return false;
}

void TraceState::add_bytes_locked(std::size_t bytes) noexcept {
  const std::size_t total = bytes_.load(std::memory_order_relaxed) + bytes;
  bytes_.store(total, std::memory_order_relaxed);
  if (total - published_ >= kPublishStep) {
    g_open_trace_bytes.fetch_add(total - published_, std::memory_order_relaxed);
    published_ = total;
  }
}

void TraceState::unpublish_bytes() noexcept {
  if (published_ != 0) g_open_trace_bytes.fetch_sub(std::exchange(published_, 0), std::memory_order_relaxed);
}

bool TraceState::lend(SpanRecord* record, SpanId id) {
  std::lock_guard<SpinLock> lock(mutex_);
  if (std::find(ended_elsewhere_.begin(), ended_elsewhere_.end(), id) != ended_elsewhere_.end() ||
      record->ended.load(std::memory_order_relaxed))
    return false;
  if (!record->lent.load(std::memory_order_relaxed)) {
    LentSpans::add(record, id);
    record->lent.store(true, std::memory_order_release);
  }
  return true;
}

namespace {

// Gives the spans one tree under `parent`: a span whose parent is not among them hangs under
// `parent`, and so does the span where parents loop (A under B under A, or A under itself), as
// text from elsewhere may name them; code that walks up from a span must reach a root.
void hang_under(SpanList& spans, SpanId parent) {
  std::unordered_map<SpanId, SpanRecord*> by_id;
  for (const auto& span : spans) by_id.emplace(span->span_id, span.get());
  for (auto& span : spans)
    if (by_id.count(span->parent_span_id) == 0) span->parent_span_id = parent;
  enum : char { kUnseen, kOnWalk, kReachesRoot };
  std::unordered_map<const SpanRecord*, char> state;
  std::vector<SpanRecord*> walk;
  for (const auto& start : spans) {
    walk.clear();
    for (SpanRecord* at = start.get();;) {
      char& seen = state[at];
      if (seen == kReachesRoot) break;
      if (seen == kOnWalk) {  // a loop: cut it at the last span walked
        walk.back()->parent_span_id = parent;
        break;
      }
      seen = kOnWalk;
      walk.push_back(at);
      const auto next = by_id.find(at->parent_span_id);
      if (next == by_id.end()) break;
      at = next->second;
    }
    for (const SpanRecord* walked : walk) state[walked] = kReachesRoot;
  }
}

}  // namespace

bool TraceState::add_ended_spans(SpanList& spans, SpanId parent) {
  std::size_t bytes = 0;
  for (const auto& span : spans) bytes += kSpanRecordBytes + approximate_payload_bytes(*span);
  hang_under(spans, parent);
  std::lock_guard<SpinLock> lock(mutex_);
  if (completed_) return false;
  for (auto& span : spans) {
    span->trace = this;
    span->ended.store(true, std::memory_order_relaxed);
  }
  spans_.reserve(spans_.size() + spans.size());
  for (auto& span : spans) spans_.push_back(std::move(span));
  spans.clear();
  add_bytes_locked(bytes);
  return true;
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
  // Before the lock: the record is still this thread's alone.
  const std::size_t payload = approximate_payload_bytes(*span);
  std::lock_guard<SpinLock> lock(mutex_);
  span->ended.store(true, std::memory_order_release);
  // (Lent while the end began, on another thread: out before the record can move to export.)
  LentSpans::retire(*span);
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
  add_bytes_locked(payload);
  if (span->span_id != root_span_id_) return nullptr;

  // The root ended: the trace is complete. Ended spans move out; open ones stay behind (and are
  // reported when they end).
  completed_ = true;
  auto done = std::make_unique<CompletedTrace>();
  done->orphaned_state = std::move(self_);  // freed with the completed trace, not here
  done->trace_id = trace_id;
  done->experiment_id = std::move(experiment_id);
  done->tracestate = tracestate;
  done->annotations = std::move(annotations_);
  // Spans left out by a limit, each with whatever it called (those are not counted: they run
  // as unsampled spans do, without looking at the trace).
  // `why` is built only for a trace that left spans out: this runs once per trace.
  auto left_out = [&](const char* tag, std::size_t refused, auto why) {
    if (refused != 0)
      done->annotations.edit().tags[tag] = std::to_string(spans_.size()) + " spans recorded; " +
                                    std::to_string(refused) +
                                    " more (each with the calls made under it) were not (" +
                                    why() + ")";
  };
  left_out("mlflow.cpp.maxSpansReached", refused_for_spans_,
           [] { return std::string("MLFLOW_CPP_MAX_SPANS_PER_TRACE"); });
  left_out("mlflow.cpp.maxTraceBytesReached", refused_for_bytes_, [&] {
    return "MLFLOW_CPP_MAX_TRACE_BYTES; the trace held about " +
           std::to_string(bytes_.load(std::memory_order_relaxed)) + " bytes";
  });
  left_out("mlflow.cpp.memoryBudgetReached", refused_for_memory_, [] {
    return std::string(
        "the traces open and waiting for export held MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES");
  });
  // The queue counts the trace from here on (export_pipeline.h), the open traces no longer.
  unpublish_bytes();
  done->approximate_bytes = bytes_.load(std::memory_order_relaxed);
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
