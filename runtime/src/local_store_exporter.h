// local_store_exporter.h: the exporter that writes completed traces into the local trace store
// (local_trace_store.h), the default destination when no tracking server is configured.
#ifndef MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H
#define MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H

#include <mlflow/version.h>

#include "exporter.h"
#include "local_trace_store.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class LocalStoreExporter final : public TraceExporter {
 public:
  explicit LocalStoreExporter(std::filesystem::path dir) : store_(std::move(dir)) {}
  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override;

 private:
  LocalTraceStore store_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_LOCAL_STORE_EXPORTER_H
