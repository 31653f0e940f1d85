// exporter.h: the interface every destination of completed traces implements (the deadline it
// works under is support/deadline.h).
//
// Threading contract: export_traces() is called only from the export thread, one batch at a
// time, never concurrently with itself; it must not throw. It may read the batch but leaves it
// to the caller (several exporters can be handed the same batch). Failures are the exporter's to
// report (diagnostics.h) and, where the exporter can, to keep for later; the caller does not
// retry.
#ifndef MLFLOW_RUNTIME_EXPORTER_H
#define MLFLOW_RUNTIME_EXPORTER_H

#include <mlflow/version.h>

#include <memory>
#include <vector>

#include "core/completed_trace.h"
#include "support/deadline.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class TraceExporter {
 public:
  virtual ~TraceExporter() = default;
  virtual void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                             const ExportDeadline& deadline) noexcept = 0;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_EXPORTER_H
