// home_thread_release.h: completed traces are freed on the thread that completed them, not on
// the export thread.
//
// Why: a trace's records are allocated on the traced program's thread and read by the export
// thread. If the export thread freed them, every free would take the allocating thread's malloc
// arena lock while that thread allocates the next spans: the two threads contend, and on our
// VMs a contended lock costs microseconds per span (perf showed futex waits in glibc's arena
// lock dominating; docs: performance-anchors.md, "the trap"). So the export thread hands each
// exported trace back to its home thread's ReleaseBox (one atomic push), and the home thread
// frees what has come back the next time it completes a trace, without contention.
//
// A thread that exits drains its box; traces that come back after that are freed by whoever
// drops the box last (its destructor), so nothing leaks.
#ifndef MLFLOW_RUNTIME_HOME_THREAD_RELEASE_H
#define MLFLOW_RUNTIME_HOME_THREAD_RELEASE_H

#include <mlflow/version.h>

#include <atomic>
#include <memory>

#include "completed_trace.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class ReleaseBox {
 public:
  ~ReleaseBox() { free_all(head_.exchange(nullptr, std::memory_order_acquire)); }

  // The calling thread's box (created on first use; drained when the thread exits).
  static const std::shared_ptr<ReleaseBox>& of_this_thread();

  // Any thread: hands `trace` back to be freed by the box's thread. Lock-free.
  void give_back(std::unique_ptr<CompletedTrace> trace) noexcept {
    CompletedTrace* node = trace.release();
    node->next_to_release = head_.load(std::memory_order_relaxed);
    while (!head_.compare_exchange_weak(node->next_to_release, node, std::memory_order_release,
                                        std::memory_order_relaxed)) {
    }
  }

  // The box's thread: frees everything given back so far.
  void release_pending() noexcept {
    if (head_.load(std::memory_order_relaxed) == nullptr) return;  // the usual case: one load
    free_all(head_.exchange(nullptr, std::memory_order_acquire));
  }

 private:
  static void free_all(CompletedTrace* node) noexcept {
    while (node != nullptr) delete std::exchange(node, node->next_to_release);
  }

  std::atomic<CompletedTrace*> head_{nullptr};
};

// For the export thread: frees `trace` at home when it has one, here otherwise.
inline void release_at_home(std::unique_ptr<CompletedTrace> trace) noexcept {
  std::shared_ptr<ReleaseBox> home = std::move(trace->home);  // no cycle box -> trace -> box
  if (home) {
    home->give_back(std::move(trace));
  }  // else: `trace` is freed here
}

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_HOME_THREAD_RELEASE_H
