// local_store_exporter.h: the exporter that writes completed traces into the local trace store
// (local_trace_store.h), the default destination when no tracking server is configured.
//
// A batch's lines are written into one buffer, kept from batch to batch with the line writer's
// own buffers (no allocation per trace once warm), and appended with one open, lock and
// write(2) per batch (per kChunkBytes of lines for a large batch).
#ifndef MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H
#define MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H

#include <mlflow/version.h>

#include <cstddef>
#include <string>

#include "export/exporter.h"
#include "format/trace_line_writer.h"
#include "store/local_trace_store.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class LocalStoreExporter final : public TraceExporter {
 public:
  // Lines are appended whenever this much has gathered, and at the end of the batch.
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

  explicit LocalStoreExporter(std::filesystem::path dir) : store_(std::move(dir)) {}
  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override;
  // The same write, for one trace, with buffers of its own (any thread).
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override;

 private:
  LocalTraceStore store_;
  // Used by the export thread only (export_traces is never called concurrently).
  TraceLineWriter writer_;
  TextBuffer lines_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H
