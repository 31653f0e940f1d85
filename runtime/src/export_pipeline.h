// export_pipeline.h: the bounded queue between the traced program and its exporter.
//
// The traced program's threads only ever push a completed trace onto a lock-free inbox (no
// lock, never I/O); one background thread takes everything queued and hands it to the exporter.
// When the queue is full (MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE traces, or its memory
// budget MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES), new traces are dropped, counted and reported once,
// never waited for: tracing must not slow the program down. flush() waits, up to a deadline, for what was queued before it.
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
#include <thread>

#include "completed_trace.h"
#include "exporter.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class ExportPipeline {
 public:
  // The export thread wakes when a batch starts, then waits up to kLinger for more traces
  // (fewer, larger exports; no wake-up per trace), unless a flush waits or the batch reaches
  // wake_batch_ (half the queue, at most kMaxBatchBeforeWake).
  static constexpr std::chrono::milliseconds kLinger{50};
  static constexpr std::size_t kMaxBatchBeforeWake = 256;

  // At most `max_queued` traces and `max_queued_bytes` (CompletedTrace::approximate_bytes) wait.
  ExportPipeline(std::unique_ptr<TraceExporter> exporter, std::size_t max_queued,
                 std::size_t max_queued_bytes = SIZE_MAX);
  ~ExportPipeline();  // shuts down with no deadline

  // Queues a trace for export. Returns false (and counts it) when it was dropped.
  bool submit(std::unique_ptr<CompletedTrace> trace) noexcept;

  // Waits until every trace submitted before the call is exported, or `timeout` passes. The
  // exporter is told (ExportDeadline) to stop waiting on the network shortly before `timeout`,
  // so that what it could not deliver is kept locally in time.
  bool flush(std::chrono::milliseconds timeout) noexcept;

  // Flushes up to `timeout`, then stops the export thread. Traces submitted afterwards are
  // dropped. If the exporter is still busy at the deadline, the thread is left to finish on its
  // own (detached) so that process exit is never held up past the deadline. The pipeline must
  // then never be destroyed (the detached thread still uses it): only the runtime, which is
  // never destroyed, calls this with a deadline; the destructor waits without one.
  void shutdown(std::chrono::milliseconds timeout) noexcept;

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

  // pthread_atfork hooks (registered by the runtime): hold the queue's lock across fork() so
  // the child never inherits it locked, and forget the export thread in the child, where it
  // does not exist; the child starts its own with its first trace.
  void before_fork() noexcept { mutex_.lock(); }
  void after_fork_in_parent() noexcept { mutex_.unlock(); }
  void after_fork_in_child() noexcept;

 private:
  void run() noexcept;
  void start_thread_locked();

  const std::size_t max_queued_;
  const std::size_t max_queued_bytes_;
  const std::size_t wake_batch_;
  const std::unique_ptr<TraceExporter> exporter_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  // Submitted traces, newest first, linked through CompletedTrace::next_queued: a lock-free
  // stack the traced threads push onto and the export thread takes whole.
  std::atomic<CompletedTrace*> inbox_{nullptr};
  std::atomic<std::size_t> queued_{0};       // traces in the inbox (a bound, not exact)
  std::atomic<std::size_t> queued_bytes_{0};  // their approximate_bytes
  std::atomic<std::uint64_t> submitted_{0};  // traces accepted
  std::uint64_t finished_ = 0;  // traces handed to the exporter and returned; guarded by mutex_
  std::atomic<bool> stopping_{false};  // set under mutex_
  bool thread_running_ = false;  // guarded by mutex_
  int flushes_waiting_ = 0;      // guarded by mutex_
  ExportDeadline deadline_;
  std::thread thread_;
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_EXPORT_PIPELINE_H
