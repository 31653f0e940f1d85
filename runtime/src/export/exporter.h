// exporter.h: the interface every destination of completed traces implements (the deadline it
// works under is support/deadline.h).
//
// Threading contract: export_traces() is called only from the export thread, one batch at a
// time, never concurrently with itself; it must not throw. It may read the batch but leaves it
// to the caller (several exporters can be handed the same batch). Failures are the exporter's to
// report (diagnostics.h) and, where the exporter can, to keep for later; the caller does not
// retry.
//
// keep_locally() is the exception: it is called from any thread (a traced thread whose trace
// found the export queue full, export_pipeline.h), possibly while export_traces runs, and must
// not touch the network. It may gather what it keeps in memory (spill_buffer.h); write_kept()
// writes that out, from any thread.
#ifndef MLFLOW_RUNTIME_EXPORTER_H
#define MLFLOW_RUNTIME_EXPORTER_H

#include <mlflow/version.h>

#include <cstddef>
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

  // Writes `trace` where this exporter keeps what it cannot deliver now, without waiting on
  // the network: the local store, or a tracking server's undelivered traces for `mlflow-cpp
  // push`. Returns the bytes written, 0 when it was not kept (an exporter with no such place,
  // such as an OpenTelemetry collector's, or a failed write, which it reports).
  virtual std::size_t keep_locally(const CompletedTrace& trace) noexcept {
    static_cast<void>(trace);
    return 0;
  }
  // Writes what keep_locally() has gathered so far; returns once it is written.
  virtual void write_kept() noexcept {}
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_EXPORTER_H
