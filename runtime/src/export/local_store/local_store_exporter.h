// local_store_exporter.h: the exporter that writes completed traces into the local trace store
// (local_trace_store.h), the default destination when no tracking server is configured.
//
// A batch's lines are written into one buffer, kept from batch to batch with the line writer's
// own buffers (no allocation per trace once warm), and appended with one open, lock and
// write(2) per batch (per kChunkBytes of lines for a large batch). Traces kept by the threads
// that completed them (keep_locally) are gathered in a SpillBuffer and written a chunk at a time.
#ifndef MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H
#define MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H

#include <mlflow/version.h>

#include <cstddef>
#include <mutex>
#include <string>

#include "export/exporter.h"
#include "export/spill_buffer.h"
#include "format/trace_line_writer.h"
#include "store/local_trace_store.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class LocalStoreExporter final : public TraceExporter {
 public:
  // Lines are appended whenever this much has gathered, and at the end of the batch.
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

  explicit LocalStoreExporter(std::filesystem::path dir)
      : store_(std::move(dir)), spilled_(store_, "traces") {}
  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override;
  // The same line, for one trace, written by the calling thread's own line writer into
  // spilled_ (any thread).
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override;
  void write_kept() noexcept override { spilled_.write_pending(); }

 private:
  LocalTraceStore store_;
  SpillBuffer spilled_;  // after store_, which it writes to
  // Used by the export thread only (export_traces is never called concurrently).
  TraceLineWriter writer_;
  TextBuffer lines_;
  // keep_locally's (any thread), under spill_writer_mutex_.
  std::mutex spill_writer_mutex_;
  TraceLineWriter spill_writer_;
  TextBuffer spill_line_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H
