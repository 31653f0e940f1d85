// otlp_collector_exporter.h: the exporter for any OpenTelemetry collector
// (OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, http/protobuf).
//
// The same OTLP bytes as MLflow gets (otlp_encoding.h), plus the GenAI semantic-convention
// attributes (gen_ai.*) on LLM spans, which generic OpenTelemetry backends understand. A batch
// the collector does not take within the retry budget or the flush deadline is dropped and
// reported: a collector is a pipeline of its own, not a store to replay into later. During a
// flush (and at exit) a collector that refuses the connection (nothing listens) is not retried:
// the batch is dropped and reported at once rather than after the flush deadline.
#ifndef MLFLOW_RUNTIME_OTLP_COLLECTOR_EXPORTER_H
#define MLFLOW_RUNTIME_OTLP_COLLECTOR_EXPORTER_H

#include <mlflow/version.h>

#include <cstdint>

#include "config/config.h"
#include "export/exporter.h"
#include "net/http_client.h"
#include "net/retrying_sender.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class OtlpCollectorExporter final : public TraceExporter {
 public:
  OtlpCollectorExporter(const OtlpSettings& settings, std::chrono::milliseconds retry_budget);

  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override;

 private:
  OtlpSettings settings_;
  HttpClient http_;
  RetryingSender sender_;
  std::uint64_t dropped_traces_ = 0;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_OTLP_COLLECTOR_EXPORTER_H
