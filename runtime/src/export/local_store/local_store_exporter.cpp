// local_store_exporter.cpp: see local_store_exporter.h.
#include "export/local_store/local_store_exporter.h"

#include <string>
#include <vector>

#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void LocalStoreExporter::export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                                       const ExportDeadline&) noexcept {  // a local write: no wait
  try {
    lines_.clear();
    writer_.new_batch();
    std::string error;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      writer_.append_line(lines_, *batch[i]);
      lines_.push_back('\n');
      if (lines_.size() < kChunkBytes && i + 1 < batch.size()) continue;
      if (!store_.append_lines(lines_.view(), &error)) {
        warn("could not write traces to the local trace store: " + error);
        break;
      }
      lines_.clear();
    }
  } catch (const std::exception& e) {
    warn(std::string("could not write traces to the local trace store: ") + e.what());
  }
  // A large trace may have grown the buffers far beyond what the usual batch needs.
  constexpr std::size_t kKeepBytes = 2 * kChunkBytes;
  lines_.release_memory_above(kKeepBytes);
  writer_.release_memory_above(kKeepBytes);
}

std::size_t LocalStoreExporter::keep_locally(const CompletedTrace& trace) noexcept {
  try {
    auto keep = [&](TraceLineWriter& writer, TextBuffer& line) -> std::size_t {
      line.clear();
      writer.new_batch();
      writer.append_line(line, trace);
      line.push_back('\n');
      return spilled_.add(line.view()) ? line.size() : 0;
    };
    std::size_t kept;
    const auto turn = spilled_.large_line_turn(trace.approximate_bytes);
    // The writer kept for spilling, warm, unless another thread is spilling with it right now:
    // then one of this thread's own (not a thread_local: a trace can complete during exit, after
    // the thread's storage is gone).
    if (std::unique_lock<std::mutex> lock(spill_writer_mutex_, std::try_to_lock); lock.owns_lock()) {
      kept = keep(spill_writer_, spill_line_);
      spill_line_.release_memory_above(SpillBuffer::kWriteBytes);
      spill_writer_.release_memory_above(SpillBuffer::kWriteBytes);
    } else {
      TraceLineWriter writer;
      TextBuffer line;
      kept = keep(writer, line);
    }
    if (kept != 0) return kept;
    warn("could not keep a trace in the local trace store (out of memory); it is lost");
  } catch (const std::exception& e) {
    warn(std::string("could not write a trace to the local trace store: ") + e.what());
  }
  return 0;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
