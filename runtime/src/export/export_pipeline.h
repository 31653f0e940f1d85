// export_pipeline.h: the bounded queue between the traced program and its exporter.
//
// The traced program's threads only ever push a completed trace onto a lock-free inbox (no
// lock, never I/O); one background thread takes everything queued and hands it to the exporter.
// The queue is bounded (MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE traces, and the memory budget
// MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES that it shares with the traces still open,
// core/trace_limits.h). A trace that finds it full is not dropped and not waited for: the
// thread that completed it writes it to the local store itself (TraceExporter::keep_locally:
// the store, or a tracking server's undelivered traces, which `mlflow-cpp push` delivers), one
// line appended, no network, up to MLFLOW_CPP_SPILL_MAX_BYTES in the process's life. Only
// beyond that, or where nothing can be kept (an OpenTelemetry collector as the only
// destination), is a trace dropped: counted, said once, and readable in mlflow::tracing::stats().
// So does a trace that completes after the final flush at exit. flush() waits, up to a
// deadline, for what was queued before it.
//
// The export thread starts with the first trace and is started again in a child process after
// fork(), where it does not exist.
#ifndef MLFLOW_RUNTIME_EXPORT_PIPELINE_H
#define MLFLOW_RUNTIME_EXPORT_PIPELINE_H

#include <mlflow/version.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <pthread.h>

#include "core/completed_trace.h"
#include "export/exporter.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class ExportPipeline {
 public:
  // The export thread takes a batch kLinger after its first trace (fewer, larger exports; no
  // wake-up per trace), or sooner when a flush waits or the batch reaches wake_batch_ (half
  // the queue, at most kMaxBatchBeforeWake). It sleeps without a timeout only after a linger
  // that brought nothing.
  static constexpr std::chrono::milliseconds kLinger{50};
  static constexpr std::size_t kMaxBatchBeforeWake = 512;

  struct Limits {
    std::size_t max_queued = 1000;  // traces waiting, below 2^24
    // Their bytes (CompletedTrace::approximate_bytes) with those of the open traces
    // (g_open_trace_bytes), below 2^40.
    std::size_t max_queued_bytes = SIZE_MAX;
    std::size_t max_spilled_bytes = 0;  // what keep_locally may write in all (0: no spilling)
  };

  ExportPipeline(std::unique_ptr<TraceExporter> exporter, const Limits& limits);
  ~ExportPipeline();  // shuts down with no deadline

  // Queues a trace for export, or spills it when the queue is full. Returns false (and counts
  // it) when it was dropped.
  bool submit(std::unique_ptr<CompletedTrace> trace) noexcept;

  // Waits until every trace submitted before the call is exported, or `timeout` passes. The
  // exporter is told (ExportDeadline) to stop waiting on the network shortly before `timeout`,
  // so that what it could not deliver is kept locally in time. Traces kept locally by the
  // threads that completed them are written before it returns (TraceExporter::write_kept).
  bool flush(std::chrono::milliseconds timeout) noexcept;

  // Flushes up to `timeout`, then stops the export thread. Traces submitted afterwards are
  // kept locally by their threads, written at once (or dropped where nothing keeps them). If the exporter is still busy at the deadline, the thread is left to finish on its
  // own (detached) so that process exit is never held up past the deadline. The pipeline must
  // then never be destroyed (the detached thread still uses it): only the runtime, which is
  // never destroyed, calls this with a deadline; the destructor waits without one.
  void shutdown(std::chrono::milliseconds timeout) noexcept;

  std::uint64_t submitted() const noexcept { return submitted_.load(std::memory_order_relaxed); }
  std::uint64_t spilled() const noexcept { return spilled_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  // The bytes of the traces waiting or being exported (a bound: a refused trace is booked for
  // a moment).
  std::size_t queued_bytes() const noexcept {
    return static_cast<std::size_t>(queued_.load(std::memory_order_relaxed) >> kCountBits);
  }

  // pthread_atfork hooks (registered by the runtime): hold the queue's lock across fork() so
  // the child never inherits it locked, and forget the export thread in the child, where it
  // does not exist; the child starts its own with its first trace.
  void before_fork() noexcept { mutex_.lock(); }
  void after_fork_in_parent() noexcept { mutex_.unlock(); }
  void after_fork_in_child() noexcept;

 private:
  // flush() without writing what was kept locally.
  bool flush_queue(std::chrono::milliseconds timeout) noexcept;
  void run() noexcept;
  void start_thread_locked();
  // The queue had no room (or tracing shut down): keep the trace locally, else drop it.
  bool spill_or_drop(const CompletedTrace& trace, const char* why) noexcept;

  const std::size_t max_queued_;
  const std::size_t max_queued_bytes_;
  const std::size_t max_spilled_bytes_;
  const std::size_t wake_batch_;
  const std::unique_ptr<TraceExporter> exporter_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  // Submitted traces, newest first, linked through CompletedTrace::next_queued: a lock-free
  // stack the traced threads push onto and the export thread takes whole.
  std::atomic<CompletedTrace*> inbox_{nullptr};
  // The traces in the inbox and their approximate_bytes, in one word (pack()) so that a
  // submit books both with one atomic add. A bound, not exact: a refused trace is booked for
  // a moment.
  static constexpr int kCountBits = 24;
  static constexpr std::uint64_t kCountMask = (std::uint64_t{1} << kCountBits) - 1;
  static constexpr std::uint64_t pack(std::size_t count, std::size_t bytes) noexcept {
    return (static_cast<std::uint64_t>(bytes) << kCountBits) | count;
  }
  std::atomic<std::uint64_t> queued_{0};
  // Batches taken from the inbox and batches handed back by the exporter: flush() waits for
  // the batch that holds the last trace submitted before it. Guarded by mutex_.
  std::uint64_t batches_taken_ = 0;
  std::uint64_t batches_done_ = 0;
  std::atomic<bool> stopping_{false};  // set under mutex_
  // The export thread sleeps until woken (it found nothing to do for a whole linger), or has
  // not been started yet: the next trace in an empty inbox must wake (or start) it.
  std::atomic<bool> idle_{true};
  bool thread_running_ = false;  // guarded by mutex_
  int flushes_waiting_ = 0;      // guarded by mutex_
  ExportDeadline deadline_;
  // The export thread: a pthread started with `this`, not a std::thread, whose start allocates a
  // state object that only the new thread frees; after fork() the child has no such thread, and
  // the object would leak there (LeakSanitizer, test/lit/lifecycle/fork.cpp).
  pthread_t thread_{};
  bool thread_joinable_ = false;
  std::atomic<std::uint64_t> submitted_{0};
  std::atomic<std::uint64_t> spilled_{0};
  std::atomic<std::uint64_t> spilled_bytes_{0};
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_EXPORT_PIPELINE_H
