// spill_buffer.cpp: see spill_buffer.h.
#include "export/spill_buffer.h"

#include <pthread.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Every live buffer, so that fork() can hold their locks and the child can empty them.
struct SpillBufferForkHandlers {
  std::mutex mutex;
  std::vector<SpillBuffer*> buffers;

  static SpillBufferForkHandlers& get() {
    // Never destroyed: buffers of exporters destroyed at exit still unregister.
    static auto* handlers = [] {
      auto* created = new SpillBufferForkHandlers();
      pthread_atfork(&prepare, &in_parent, &in_child);
      return created;
    }();
    return *handlers;
  }
  static void prepare() noexcept {
    SpillBufferForkHandlers& self = get();
    self.mutex.lock();
    for (SpillBuffer* buffer : self.buffers) {
      buffer->large_line_mutex_.lock();  // taken before the others, as keep_locally does
      buffer->write_mutex_.lock();
      buffer->mutex_.lock();
    }
  }
  static void in_parent() noexcept {
    SpillBufferForkHandlers& self = get();
    for (SpillBuffer* buffer : self.buffers) {
      buffer->mutex_.unlock();
      buffer->write_mutex_.unlock();
      buffer->large_line_mutex_.unlock();
    }
    self.mutex.unlock();
  }
  static void in_child() noexcept {
    SpillBufferForkHandlers& self = get();
    for (SpillBuffer* buffer : self.buffers) {
      buffer->pending_.clear();  // the parent's lines, written by the parent
      buffer->pending_lines_ = 0;
      buffer->mutex_.unlock();
      buffer->write_mutex_.unlock();
      buffer->large_line_mutex_.unlock();
    }
    self.mutex.unlock();
  }
};

SpillBuffer::SpillBuffer(const LocalTraceStore& store, std::string what)
    : store_(store), what_(std::move(what)) {
  SpillBufferForkHandlers& handlers = SpillBufferForkHandlers::get();
  std::lock_guard<std::mutex> lock(handlers.mutex);
  handlers.buffers.push_back(this);
}

SpillBuffer::~SpillBuffer() {
  write_pending();
  SpillBufferForkHandlers& handlers = SpillBufferForkHandlers::get();
  std::lock_guard<std::mutex> lock(handlers.mutex);
  handlers.buffers.erase(std::find(handlers.buffers.begin(), handlers.buffers.end(), this));
}

bool SpillBuffer::add(std::string_view line) noexcept {
  // A line of a chunk or more (a trace near MLFLOW_CPP_MAX_TRACE_BYTES) is written at once by
  // its thread, not copied: several threads spilling such traces at once would otherwise hold
  // a copy each here, beyond the memory budget (trace_memory_bench's 8-thread case: 164-217 MiB
  // above baseline against a bound of 144 with the copies).
  if (line.size() >= kWriteBytes) {
    append(line, 1);
    return true;
  }
  bool full;
  try {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_.capacity() < kWriteBytes) pending_.reserve(kWriteBytes + kWriteBytes / 4);
    pending_.append(line);
    ++pending_lines_;
    full = pending_.size() >= kWriteBytes;
  } catch (...) {  // out of memory: not kept
    return false;
  }
  if (full) write_pending();
  return true;
}

void SpillBuffer::append(std::string_view lines, std::size_t count) const noexcept {
  try {
    std::string error;
    if (!store_.append_lines(lines, &error)) {
      warn("could not write " + std::to_string(count) + " " + what_ +
           " kept while the export queue was full to the local trace store (" + error +
           "); they are lost");
    }
  } catch (...) {  // out of memory for the report: the lines were written or are lost anyway
  }
}

std::unique_lock<std::mutex> SpillBuffer::large_line_turn(std::size_t trace_bytes) {
  if (trace_bytes < kWriteBytes) return std::unique_lock<std::mutex>(large_line_mutex_, std::defer_lock);
  return std::unique_lock<std::mutex>(large_line_mutex_);
}

void SpillBuffer::write_pending() noexcept {
  std::lock_guard<std::mutex> writing(write_mutex_);
  std::size_t lines;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_.empty()) return;
    writing_.swap(pending_);
    lines = std::exchange(pending_lines_, 0);
  }
  append(writing_, lines);
  writing_.clear();
  // A burst of large traces may have grown it far beyond the usual chunk.
  if (writing_.capacity() > 4 * kWriteBytes) std::string().swap(writing_);
}

}  // namespace detail
MLFLOW_END_NAMESPACE
