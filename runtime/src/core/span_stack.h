// span_stack.h: the per-thread stack of active spans, i.e. "the current span".
//
// Each thread has one stack. start_span() pushes a frame and Span::end() pops it; the top frame
// is the parent of the next span. Frames come in four kinds:
//   kSpan          a recording span (or an attached Context's span on another thread):
//                  children join its trace with it as their parent;
//   kUnsampled     a span of a trace the sampler dropped (here or in the calling process):
//                  children are dropped too;
//   kRemoteParent  an attached Context read from a request's traceparent header
//                  (mlflow/propagation.h): the next span starts the local part of the caller's
//                  trace, with the caller's span as its parent;
//   kEmpty         an attached empty Context: the next span starts a new trace.
// Every frame but kEmpty carries its trace's id and a span id, unsampled ones too, so that a
// request sent from under any span names its trace (W3C traceparent, mlflow/propagation.h).
// An unsampled span started here draws its ids only when somebody asks for them
// (top_with_ids(): Context::current(), hence inject_traceparent()): most never are, and an
// unsampled span then costs a frame push and pop, no random numbers.
#ifndef MLFLOW_RUNTIME_SPAN_STACK_H
#define MLFLOW_RUNTIME_SPAN_STACK_H

#include <mlflow/version.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/ids.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct SpanRecord;
struct TraceState;

struct SpanFrame {
  enum class Kind : unsigned char { kSpan, kUnsampled, kRemoteParent, kEmpty };
  Kind kind = Kind::kEmpty;
  bool closed = false;                // its span ended, or its Context scope closed
  TraceState* trace = nullptr;        // kSpan only
  // kSpan: the share in `trace` that keeps it alive, held by the frames that start a trace here
  // (a root span, an attached Context). A child span's frame borrows its parent's trace: the
  // parent's frame is below it and outlives it (frames leave the stack from the top only), so
  // a nested span costs no reference count traffic. A borrowing frame takes a share of its own
  // when a Context is made of it (top_with_ids()).
  std::shared_ptr<TraceState> trace_owner;
  TraceId trace_id;                   // every kind but kEmpty (kUnsampled: 0 until drawn)
  // kSpan and kRemoteParent: the parent for spans started under it. kUnsampled: the dropped
  // span's own id, passed on to other services as the parent (0 until drawn).
  SpanId span_id = 0;
  SpanRecord* record = nullptr;       // kSpan started on this thread: the span itself
  // kRemoteParent and a remote kUnsampled: the W3C tracestate that came with the caller's
  // traceparent, passed on by the local part of its trace (null: none). kSpan frames read their
  // trace's (TraceState::tracestate).
  std::shared_ptr<const std::string> tracestate;
};

class SpanStack;
// The calling thread's stack once it exists: a plain thread-local pointer, so that finding it
// is one load on every span start and end (a `thread_local` object would add a guard and, in
// the shared library, a call).
extern __thread SpanStack* t_span_stack __attribute__((tls_model("initial-exec")));

class SpanStack {
 public:
  // The calling thread's stack.
  static SpanStack& current() noexcept {
    SpanStack* stack = t_span_stack;
    return stack != nullptr ? *stack : create_for_this_thread();
  }

  // The top frame that is still open, or null when no span is active on this thread. Frames
  // whose span has ended (possibly on another thread) are dropped first.
  const SpanFrame* top() noexcept {
    if (frames_.empty()) return nullptr;
    if (!frames_.back().closed && frames_.back().record == nullptr) return &frames_.back();
    return top_after_dropping_finished();  // out of line: a span start stays small
  }

  // How many frames are open (finished ones on top dropped first): grows by one with each span
  // started and each context attached (mlflow/detail/foreign_context.h).
  std::size_t depth() noexcept {
    top();
    return frames_.size();
  }

  // top(), with the ids of an unsampled span drawn if they were not yet, and a recording span's
  // own share of its trace: for a Context that leaves this thread or the process.
  const SpanFrame* top_with_ids() noexcept;

  // Pushes the frame of an unsampled span, a child of `parent` (null: the root of a trace the
  // sampler dropped, `trace_id` its id or 0 to draw later). Returns its depth.
  std::size_t push_unsampled(const SpanFrame* parent, const TraceId& trace_id) {
    // Read before the push: `parent` points into frames_, which the push may reallocate.
    const TraceId id = parent != nullptr ? parent->trace_id : trace_id;
    // Under a request's unsampled context, its tracestate goes on with the trace (rare: a
    // branch, no reference count, otherwise).
    std::shared_ptr<const std::string> tracestate;
    if (parent != nullptr && parent->tracestate) tracestate = parent->tracestate;
    SpanFrame& frame = frames_.emplace_back();
    frame.kind = SpanFrame::Kind::kUnsampled;
    frame.trace_id = id;
    if (tracestate) frame.tracestate = std::move(tracestate);
    return frames_.size() - 1;
  }

  // Pushes a frame and returns its depth, the argument for close().
  std::size_t push(SpanFrame frame) {
    frames_.push_back(std::move(frame));
    return frames_.size() - 1;
  }

  // The records of the recording spans started on this thread and still open, top first, each
  // passed to `end` and its frame closed: for spans that can no longer end on their own (the
  // process is exiting with them open).
  template <class End>
  void end_open_records(End&& end) noexcept {
    for (std::size_t i = frames_.size(); i-- > 0;) {
      SpanFrame& frame = frames_[i];
      if (frame.kind != SpanFrame::Kind::kSpan || frame.record == nullptr || finished(frame))
        continue;
      end(frame.record);
      frame.closed = true;
    }
  }

  // The thread is exiting with these frames open: their spans may still be ended elsewhere
  // (a Span handed to another thread), so each open span is marked orphaned and its trace keeps
  // itself alive until its root ends (TraceState::adopt).
  void orphan_open_spans() noexcept;

  // Closes the frame pushed at `depth`. Frames above it stay until they close too (a span
  // ended before its children): they keep their trace alive, so the children can still end.
  // Only the top frame is dropped here; frames below it that are finished are dropped by the
  // next top().
  void close(std::size_t depth) noexcept {
    if (depth + 1 == frames_.size()) {
      frames_.pop_back();
    } else if (depth < frames_.size()) {
      frames_[depth].closed = true;
    }
  }

 private:
  static SpanStack& create_for_this_thread() noexcept;
  const SpanFrame* top_after_dropping_finished() noexcept;
  static bool finished(const SpanFrame& frame) noexcept {
    return frame.closed || (frame.record != nullptr && ended_elsewhere(frame));
  }
  static bool ended_elsewhere(const SpanFrame& frame) noexcept;

  std::vector<SpanFrame> frames_;
};

// Ends, as errors, the recording spans the calling thread still has open (span.cpp): at exit,
// before the final flush (runtime.cpp).
void end_spans_left_open_at_exit() noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPAN_STACK_H
