// fan_out_exporter.h: several destinations for the same traces, each handed every batch in
// turn: an OpenTelemetry collector and MLflow at once (MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT).
#ifndef MLFLOW_RUNTIME_FAN_OUT_EXPORTER_H
#define MLFLOW_RUNTIME_FAN_OUT_EXPORTER_H

#include <mlflow/version.h>

#include <memory>
#include <vector>

#include "export/exporter.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class FanOutExporter final : public TraceExporter {
 public:
  explicit FanOutExporter(std::vector<std::unique_ptr<TraceExporter>> exporters)
      : exporters_(std::move(exporters)) {}

  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override {
    for (const auto& exporter : exporters_) exporter->export_traces(batch, deadline);
  }

  // Kept by every destination that can keep it (with a collector and MLflow, MLflow's copy).
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override {
    std::size_t bytes = 0;
    for (const auto& exporter : exporters_) bytes += exporter->keep_locally(trace);
    return bytes;
  }
  void write_kept() noexcept override {
    for (const auto& exporter : exporters_) exporter->write_kept();
  }

 private:
  std::vector<std::unique_ptr<TraceExporter>> exporters_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_FAN_OUT_EXPORTER_H
