// spill_buffer.h: traces kept locally by the threads that completed them, gathered and written
// to the local store a chunk at a time.
//
// When the export queue is full, the thread that completes a trace keeps it locally itself
// (TraceExporter::keep_locally, export_pipeline.h). Appending each such trace to the store on
// its own cost that thread about 10 us: open, lock, stat, write and close of the store's file
// for one line (bench/runtime/process_cpu_bench.cpp). So the spilling thread only serializes
// its trace and copies the line here; the lines are appended to the store with one locked
// write(2) per kWriteBytes, by whichever thread fills the buffer, and by the export thread
// after each batch, by flush() and at shutdown (TraceExporter::write_kept). A line waiting here
// is in memory like a queued trace: what a crash loses, it loses too; what a flush or the exit
// writes, it writes too.
//
// Adding never waits for a write: the pending lines are swapped out under a short lock and
// written outside it. write_pending() returns once every line added before it is written (or
// reported lost), which is what flush() promises.
//
// fork(): the child starts with no pending lines (they are the parent's to write) and unlocked
// buffers (pthread_atfork, registered once for every live buffer).
#ifndef MLFLOW_RUNTIME_SPILL_BUFFER_H
#define MLFLOW_RUNTIME_SPILL_BUFFER_H

#include <mlflow/version.h>

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "store/local_trace_store.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class SpillBuffer {
 public:
  // Lines are written once this much has gathered.
  static constexpr std::size_t kWriteBytes = std::size_t{256} << 10;

  // `store` outlives the buffer; `what` names its traces in reports ("traces", "traces for
  // http://host:5000").
  SpillBuffer(const LocalTraceStore& store, std::string what);
  ~SpillBuffer();  // writes what is pending
  SpillBuffer(const SpillBuffer&) = delete;
  SpillBuffer& operator=(const SpillBuffer&) = delete;

  // Adds one trace's line (ending with '\n'); a line of kWriteBytes or more is written at once
  // instead, by the calling thread. Any thread. Returns false, with nothing added, only when
  // memory ran out.
  bool add(std::string_view line) noexcept;

  // Writes every line added so far. Any thread.
  void write_pending() noexcept;

  // Held while a thread builds the line of a trace it spills, when the trace holds `trace_bytes`
  // of kWriteBytes or more (unlocked otherwise): such a line is about the trace's size again, and
  // is counted against no budget, so threads spilling large traces build them one at a time
  // (trace_memory_bench: 8 threads, each with a trace near MLFLOW_CPP_MAX_TRACE_BYTES).
  std::unique_lock<std::mutex> large_line_turn(std::size_t trace_bytes);

 private:
  friend struct SpillBufferForkHandlers;

  // Appends `count` lines to the store, reporting them lost when that fails.
  void append(std::string_view lines, std::size_t count) const noexcept;

  const LocalTraceStore& store_;
  const std::string what_;
  std::mutex write_mutex_;  // held while lines are written; taken before mutex_
  std::mutex mutex_;        // guards pending_ and pending_lines_
  std::string pending_;
  std::size_t pending_lines_ = 0;
  std::string writing_;     // guarded by write_mutex_: the lines being written
  std::mutex large_line_mutex_;  // large_line_turn()
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPILL_BUFFER_H
