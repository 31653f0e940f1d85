// export_pipeline.cpp: see export_pipeline.h.
#include "export/export_pipeline.h"

#include <system_error>

#include <algorithm>
#include <new>
#include <string>
#include <vector>

#include "core/home_thread_release.h"
#include "core/trace_limits.h"
#include "support/clock.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

ExportPipeline::ExportPipeline(std::unique_ptr<TraceExporter> exporter, const Limits& limits)
    : max_queued_(std::min<std::size_t>(limits.max_queued, kCountMask - 1)),
      max_queued_bytes_(limits.max_queued_bytes),
      max_spilled_bytes_(limits.max_spilled_bytes),
      wake_batch_(std::clamp<std::size_t>(limits.max_queued / 2, 1, kMaxBatchBeforeWake)),
      exporter_(std::move(exporter)) {}

ExportPipeline::~ExportPipeline() { shutdown(std::chrono::milliseconds::max()); }

void ExportPipeline::start_thread_locked() {
  auto body = [](void* self) -> void* {
    static_cast<ExportPipeline*>(self)->run();
    return nullptr;
  };
  const int error = pthread_create(&thread_, nullptr, body, this);
  if (error != 0) throw std::system_error(error, std::generic_category(), "pthread_create");
  thread_joinable_ = true;
  thread_running_ = true;
}

bool ExportPipeline::spill_or_drop(const CompletedTrace& trace, const char* why) noexcept {
  // Booked before the write, so that threads spilling at once never pass the budget together.
  const std::size_t estimate = trace.approximate_bytes;
  if (spilled_bytes_.fetch_add(estimate, std::memory_order_relaxed) + estimate <= max_spilled_bytes_) {
    const std::size_t written = exporter_->keep_locally(trace);
    // Kept lines are gathered and written later (spill_buffer.h); after the final flush there
    // is no later. (The shutdown sets stopping_ before it writes what was gathered, and this
    // thread added its line under the buffer's lock: one of the two writes it.)
    if (stopping_.load(std::memory_order_acquire)) exporter_->write_kept();
    // What was written counts against the budget from now on (the line, not the estimate).
    spilled_bytes_.fetch_add(written, std::memory_order_relaxed);
    spilled_bytes_.fetch_sub(estimate, std::memory_order_relaxed);
    if (written != 0) {
      spilled_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
  } else {
    spilled_bytes_.fetch_sub(estimate, std::memory_order_relaxed);
  }
  const std::uint64_t dropped = dropped_.fetch_add(1, std::memory_order_relaxed) + 1;
  warn_once("queue-full-dropped",
            std::string(why) + ", and the trace could not be kept in the local store either (" +
                (max_spilled_bytes_ == 0 ? std::string("MLFLOW_CPP_SPILL_MAX_BYTES=0")
                                         : "MLFLOW_CPP_SPILL_MAX_BYTES (" +
                                               std::to_string(max_spilled_bytes_) +
                                               " bytes) used up, or no local place to keep it") +
                "): traces are being dropped (" + std::to_string(dropped) +
                " so far; mlflow::tracing::stats() counts them)");
  return false;
}

bool ExportPipeline::submit(std::unique_ptr<CompletedTrace> trace) noexcept {
  submitted_.fetch_add(1, std::memory_order_relaxed);
  if (stopping_.load(std::memory_order_relaxed))
    return spill_or_drop(*trace, "a trace completed after tracing shut down at exit");
  // One atomic add books the trace and its bytes against both limits.
  const std::size_t bytes = trace->approximate_bytes;
  const std::uint64_t booking = pack(1, bytes);
  const std::uint64_t before = queued_.fetch_add(booking, std::memory_order_relaxed);
  const std::size_t queued = static_cast<std::size_t>(before & kCountMask) + 1;
  const std::size_t queued_bytes = static_cast<std::size_t>(before >> kCountBits) + bytes;
  // The open traces share the budget (trace_limits.h).
  const std::size_t held_bytes = queued_bytes + g_open_trace_bytes.load(std::memory_order_relaxed);
  if (queued > max_queued_ || held_bytes > max_queued_bytes_) {
    queued_.fetch_sub(booking, std::memory_order_relaxed);
    // Whatever happens next, the exporter should stop waiting on retries.
    deadline_.set_queue_pressure(true);
    const std::string why =
        queued > max_queued_
            ? "the export queue is full (" + std::to_string(max_queued_) +
                  " traces, MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE)"
            : "the traces waiting for export and those still open hold the memory budget (" +
                  std::to_string(max_queued_bytes_) + " bytes, MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES)";
    // Held while it is written, like an open trace (trace_limits.h).
    g_open_trace_bytes.fetch_add(bytes, std::memory_order_relaxed);
    const bool spilled = spill_or_drop(*trace, why.c_str());
    g_open_trace_bytes.fetch_sub(bytes, std::memory_order_relaxed);
    if (spilled)
      warn_once("queue-full-spilled", why + ": the threads that complete traces write them to "
                                            "the local store themselves meanwhile");
    return spilled;
  }
  // Push onto the inbox: no lock (the traced thread never waits for the export thread).
  // `below` is what the node was pushed onto: once the exchange succeeds the node belongs to
  // the export thread (which relinks next_queued), so it is not read again here.
  CompletedTrace* node = trace.release();
  CompletedTrace* below = inbox_.load(std::memory_order_relaxed);
  do {
    node->next_queued = below;
  } while (!inbox_.compare_exchange_weak(below, node, std::memory_order_release,
                                         std::memory_order_relaxed));
  // Half full while the exporter is busy (a slow or unreachable server): tell it to stop
  // waiting on retries, so what it cannot deliver is kept rather than what follows dropped.
  if (queued == max_queued_ / 2 + 1 ||
      (held_bytes > max_queued_bytes_ / 2 && !deadline_.queue_pressure()))
    deadline_.set_queue_pressure(true);
  // Wake the export thread only when it sleeps for want of traces (idle_; the inbox was
  // empty), or when the batch is full: not once per trace, nor once per batch while traces keep
  // coming (a futex wake-up costs microseconds, more than a span). The inbox push above is a
  // full barrier, so either this load sees idle_ set or the thread sees this trace.
  const bool wake_idle = below == nullptr && idle_.load(std::memory_order_seq_cst);
  if (!wake_idle && queued != wake_batch_) return true;
  try {
    std::lock_guard<std::mutex> lock(mutex_);  // so that the wake-up cannot be missed
    if (!thread_running_ && !stopping_.load(std::memory_order_relaxed)) start_thread_locked();
  } catch (...) {  // the thread could not be started: the traces wait for a later attempt
    warn_once("export-thread", "could not start the export thread; traces wait in the queue");
  }
  work_ready_.notify_one();
  return true;
}

void ExportPipeline::run() noexcept {
  std::unique_lock<std::mutex> lock(mutex_);
  auto has_work = [this] { return inbox_.load(std::memory_order_acquire) != nullptr; };
  // Kept across batches (at most max_queued_ pointers): one buffer for every batch.
  std::vector<std::unique_ptr<CompletedTrace>> batch;
  for (;;) {
    // Let a batch gather, unless someone waits for it or it is already full. While traces
    // keep coming, this timed wait is all: no producer has to wake the thread for a new batch.
    work_ready_.wait_for(lock, kLinger, [this] {
      return stopping_.load(std::memory_order_relaxed) || flushes_waiting_ > 0 ||
             (queued_.load(std::memory_order_relaxed) & kCountMask) >= wake_batch_;
    });
    if (!has_work()) {
      if (stopping_.load(std::memory_order_relaxed)) return;  // and nothing left
      // Nothing came for a whole linger: sleep until a producer wakes the thread (idle_).
      idle_.store(true, std::memory_order_seq_cst);  // before looking at the inbox again
      work_ready_.wait(lock, [&] { return stopping_.load(std::memory_order_relaxed) || has_work(); });
      idle_.store(false, std::memory_order_relaxed);
      continue;  // and let the new batch gather
    }
    // Take everything queued so far (under the lock, so that flush() can tell which batch a
    // trace is in), and put it back in submission order.
    CompletedTrace* node = inbox_.exchange(nullptr, std::memory_order_acquire);
    ++batches_taken_;
    lock.unlock();
    recalibrate_clock();  // keeps span timestamps on the system clock (clock.h)
    deadline_.set_queue_pressure(false);  // the queue is empty again
    std::size_t batch_bytes = 0;
    for (; node != nullptr; node = std::exchange(node->next_queued, nullptr)) {
      batch_bytes += node->approximate_bytes;
      batch.emplace_back(node);
    }
    std::reverse(batch.begin(), batch.end());
    // The batch leaves the queue's count now, but its memory only once it is written: until
    // then it is still held (bench/runtime/trace_memory_bench.cpp measures the difference).
    queued_.fetch_sub(pack(batch.size(), 0), std::memory_order_relaxed);
    exporter_->export_traces(batch, deadline_);
    queued_.fetch_sub(pack(0, batch_bytes), std::memory_order_relaxed);
    // And what the traced threads kept locally meanwhile (the queue was full): written here a
    // batch's worth at a time rather than a trace at a time by them.
    exporter_->write_kept();
    // Freed by the threads that made them (home_thread_release.h), not here.
    release_at_home(batch);
    lock.lock();
    ++batches_done_;
    work_done_.notify_all();
  }
}

bool ExportPipeline::flush(std::chrono::milliseconds timeout) noexcept {
  const bool flushed = flush_queue(timeout);
  // Traces kept locally by the threads that completed them are written too: the flush's
  // promise covers every trace completed before it.
  exporter_->write_kept();
  return flushed;
}

bool ExportPipeline::flush_queue(std::chrono::milliseconds timeout) noexcept {
  std::unique_lock<std::mutex> lock(mutex_);
  // Every trace submitted before now is either in the inbox, hence in the next batch taken, or
  // in a batch already taken.
  const bool queued = inbox_.load(std::memory_order_acquire) != nullptr;
  const std::uint64_t target = batches_taken_ + (queued ? 1 : 0);
  if (!thread_running_ && queued && !stopping_.load()) {
    try {
      start_thread_locked();  // submit could not start it
    } catch (...) {
      return false;
    }
  }
  auto done = [&] { return batches_done_ >= target; };
  if (timeout == std::chrono::milliseconds::max()) {
    ++flushes_waiting_;
    work_ready_.notify_all();
    work_done_.wait(lock, done);
    --flushes_waiting_;
    return true;
  }
  if (done()) return true;
  // The exporter stops waiting on the network a little before the deadline, and keeps what is
  // left locally in the time that remains: a quarter of it, at most 2 s, but at least 1.2 s
  // (half of it below 2.4 s), because libcurl looks at the deadline only about once a second
  // while it waits for an answer (net/http_client.cpp): with less, a server that does not
  // answer would hold the batch past the deadline, and it would be lost (test/faults).
  const auto now = ExportDeadline::Clock::now();
  const auto keep_locally = std::min<std::chrono::milliseconds>(
      timeout / 2, std::max<std::chrono::milliseconds>(
                       std::min<std::chrono::milliseconds>(timeout / 4, std::chrono::seconds(2)),
                       std::chrono::milliseconds(1200)));
  deadline_.bring_forward(now + (timeout - keep_locally));
  ++flushes_waiting_;
  work_ready_.notify_all();  // no lingering for a batch while someone waits
  const bool flushed = work_done_.wait_until(lock, now + timeout, done);
  // Later traces get the usual retries again, unless the pipeline is shutting down.
  if (--flushes_waiting_ == 0 && !stopping_.load(std::memory_order_relaxed)) deadline_.clear();
  return flushed;
}

void ExportPipeline::shutdown(std::chrono::milliseconds timeout) noexcept {
  bool flushed = flush(timeout);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_.load(std::memory_order_relaxed)) return;
    stopping_.store(true, std::memory_order_release);
    // Whatever is still being exported gives up on the network now and is kept locally.
    if (!flushed) deadline_.bring_forward(ExportDeadline::Clock::now());
  }
  work_ready_.notify_all();
  exporter_->write_kept();  // what was kept since the flush (see spill_or_drop)
  if (!thread_joinable_) return;
  thread_joinable_ = false;
  if (flushed) {
    pthread_join(thread_, nullptr);
  } else {
    warn("traces were still being exported when the flush deadline passed "
         "(MLFLOW_CPP_FLUSH_TIMEOUT_MS); the rest are lost");
    pthread_detach(thread_);
  }
}

void ExportPipeline::after_fork_in_child() noexcept {
  // The thread belongs to the parent: forgotten here.
  thread_joinable_ = false;
  thread_running_ = false;
  // The condition variables may have had waiters in the parent (its export thread, a flush):
  // their state came along, and would make the first notify wait forever for waiters that do
  // not exist here. Nobody waits on them in the child: start them afresh.
  new (&work_ready_) std::condition_variable();
  new (&work_done_) std::condition_variable();
  flushes_waiting_ = 0;
  // Traces queued in the parent are the parent's to export; the child forgets them.
  for (CompletedTrace* node = inbox_.exchange(nullptr); node != nullptr;)
    delete std::exchange(node, node->next_queued);
  queued_.store(0);
  batches_taken_ = batches_done_;
  idle_.store(true);  // no thread yet: the first trace starts one
  mutex_.unlock();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
