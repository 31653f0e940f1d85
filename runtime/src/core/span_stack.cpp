// span_stack.cpp: see span_stack.h.
#include "core/span_stack.h"

#include <new>

#include <pthread.h>

#include "core/span_record.h"
#include "core/trace_state.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

bool SpanStack::ended_elsewhere(const SpanFrame& frame) noexcept {
  // A span ended on another thread is known to its trace (its record may be gone already).
  return frame.trace->ended_elsewhere(frame.span_id);
}

void SpanStack::orphan_open_spans() noexcept {
  // From the top: the frames that borrow a trace sit above the one that owns its share, and the
  // trace may be freed once that share is handed over (its root may end on another thread at
  // any moment), so nothing looks at it after that. No share is dropped here: a trace already
  // complete keeps its frame's share until the stack is destroyed.
  for (std::size_t i = frames_.size(); i-- > 0;) {
    SpanFrame& frame = frames_[i];
    if (frame.kind != SpanFrame::Kind::kSpan || frame.closed) continue;
    if (frame.record != nullptr) frame.trace->orphan(frame.record);
    if (frame.trace_owner) frame.trace->adopt(frame.trace_owner);
  }
}

const SpanFrame* SpanStack::top_after_dropping_finished() noexcept {
  while (!frames_.empty() && finished(frames_.back())) frames_.pop_back();
  return frames_.empty() ? nullptr : &frames_.back();
}

const SpanFrame* SpanStack::top_with_ids() noexcept {
  if (top() == nullptr) return nullptr;
  SpanFrame& frame = frames_.back();
  if (frame.kind == SpanFrame::Kind::kSpan && !frame.trace_owner) {
    // A borrowing frame: the share is held by a frame below it, in the same trace.
    for (std::size_t i = frames_.size() - 1; i-- > 0;) {
      if (frames_[i].trace_owner.get() == frame.trace) {
        frame.trace_owner = frames_[i].trace_owner;
        break;
      }
    }
  }
  if (frame.kind != SpanFrame::Kind::kUnsampled) return &frame;
  if (frame.trace_id.high == 0 && frame.trace_id.low == 0) {
    // The dropped trace's id is its root's: the lowest unsampled frame of this run draws it,
    // and every frame above it up to the top takes it on.
    std::size_t first = frames_.size() - 1;
    while (first > 0 && frames_[first - 1].kind == SpanFrame::Kind::kUnsampled &&
           frames_[first - 1].trace_id.high == 0 && frames_[first - 1].trace_id.low == 0)
      --first;
    const TraceId id = first > 0 && frames_[first - 1].kind == SpanFrame::Kind::kUnsampled
                           ? frames_[first - 1].trace_id
                           : new_trace_id();
    for (std::size_t i = first; i < frames_.size(); ++i) frames_[i].trace_id = id;
  }
  if (frame.span_id == 0) frame.span_id = new_span_id();
  return &frame;
}

__thread SpanStack* t_span_stack = nullptr;

namespace {

// The stack lives in plain thread-local storage and is destroyed by a pthread key's destructor,
// not as a C++ thread_local: traced code may run at any point of a thread's life, and a
// thread_local would be gone too early.
// - A thread that exits runs its C++ thread_local destructors first and its pthread key
//   destructors after them, so a traced destructor of a thread_local object still finds the
//   stack. A traced call from a later key destructor makes a new one (POSIX runs the key's
//   destructor again, up to PTHREAD_DESTRUCTOR_ITERATIONS rounds).
// - The main thread's stack is never destroyed: exit() destroys the main thread's thread_local
//   objects before the static ones and runs no key destructor, so static destructors and atexit
//   handlers still have their stack (its memory is the process's until it ends).
alignas(SpanStack) __thread unsigned char t_stack_storage[sizeof(SpanStack)];

void destroy_stack(void* stack) noexcept {
  auto* s = static_cast<SpanStack*>(stack);
  if (t_span_stack == s) t_span_stack = nullptr;  // a later traced call makes a new one
  s->orphan_open_spans();
  s->~SpanStack();
}

pthread_key_t stack_key() noexcept {
  static const pthread_key_t key = [] {
    pthread_key_t k{};
    pthread_key_create(&k, &destroy_stack);
    return k;
  }();
  return key;
}

}  // namespace

SpanStack& SpanStack::create_for_this_thread() noexcept {
  auto* stack = new (t_stack_storage) SpanStack();
  pthread_setspecific(stack_key(), stack);
  t_span_stack = stack;
  return *stack;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
