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
    TraceLineWriter writer;
    TextBuffer line;
    writer.append_line(line, trace);
    line.push_back('\n');
    std::string error;
    if (store_.append_lines(line.view(), &error)) return line.size();
    warn("could not write a trace to the local trace store: " + error);
  } catch (const std::exception& e) {
    warn(std::string("could not write a trace to the local trace store: ") + e.what());
  }
  return 0;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
