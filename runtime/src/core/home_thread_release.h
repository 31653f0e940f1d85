// home_thread_release.h: completed traces are freed on the thread that completed them, not on
// the export thread.
//
// Why: a trace's records are allocated on the traced program's thread and read by the export
// thread. If the export thread freed them, every free would take the allocating thread's malloc
// arena lock while that thread allocates the next spans: the two threads contend, and on our
// VMs a contended lock costs microseconds per span (perf showed futex waits in glibc's arena
// lock dominating; docs: performance-anchors.md, "the trap"). So the export thread hands
// exported traces back to their home thread's ReleaseBox, a batch at a time (one atomic push
// per batch; one batch open per home, as several threads' traces arrive interleaved), and the
// home thread frees what has come back the next time it completes a trace. The emptied batch
// goes back to the export thread to be filled again, not freed by the home thread: the same
// trap the other way round (two traced threads: 348 -> 189 ns per traced call).
//
// Freeing is where the home thread meets the cache lines the export thread last touched, so it
// is done from arrays, with the next traces prefetched: the misses overlap instead of following
// one another down a linked list.
//
// A trace names its box with a plain pointer (no reference count: that would be one more cache
// line bouncing between the two threads per trace). Boxes are therefore never destroyed
// (thread_slot.h): a thread that exits drains its box and returns it to a pool, and the next
// new thread takes it over, with anything that came back to it meanwhile.
#ifndef MLFLOW_RUNTIME_HOME_THREAD_RELEASE_H
#define MLFLOW_RUNTIME_HOME_THREAD_RELEASE_H

#include <mlflow/version.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include "core/completed_trace.h"
#include "support/thread_slot.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Traces on their way home: made by the export thread, freed by the home thread.
struct ReleaseBatch {
  static constexpr std::size_t kCapacity = 126;
  ReleaseBatch* next = nullptr;
  std::size_t count = 0;
  CompletedTrace* traces[kCapacity];
};

class ReleaseBox {
 public:
  // The calling thread's box: ThreadSlot<ReleaseBox>::of_this_thread(). Null only when none
  // could be allocated: the trace is then freed by the export thread.

  // Drains the box when its thread exits (ThreadSlot).
  void on_thread_exit() noexcept { release_pending(); }

  // Any thread: hands a batch back to be freed by the box's thread. Lock-free.
  void give_back(ReleaseBatch* batch) noexcept {
    batch->next = head_.load(std::memory_order_relaxed);
    while (!head_.compare_exchange_weak(batch->next, batch, std::memory_order_release,
                                        std::memory_order_relaxed)) {
    }
  }

  // Traces given back and not freed yet (tests; reads the box while nobody gives back).
  std::size_t pending_traces() const noexcept {
    std::size_t n = 0;
    for (ReleaseBatch* b = head_.load(std::memory_order_acquire); b != nullptr; b = b->next)
      n += b->count;
    return n;
  }

  // The box's thread: frees everything given back so far.
  void release_pending() noexcept {
    if (head_.load(std::memory_order_relaxed) == nullptr) return;  // the usual case: one load
    free_all(head_.exchange(nullptr, std::memory_order_acquire));
  }

 private:
  static void free_all(ReleaseBatch* batch) noexcept;

  std::atomic<ReleaseBatch*> head_{nullptr};
};

// For the export thread: sends each exported trace home to be freed (freed here when it has no
// home), and empties `traces`.
void release_at_home(std::vector<std::unique_ptr<CompletedTrace>>& traces) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_HOME_THREAD_RELEASE_H
