// otlp_collector_exporter.cpp: see otlp_collector_exporter.h.
#include "export/otlp/otlp_collector_exporter.h"

#include "format/otlp_encoding.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

OtlpCollectorExporter::OtlpCollectorExporter(const OtlpSettings& settings,
                                             std::chrono::milliseconds retry_budget)
    : settings_(settings),
      sender_(http_, RetryPolicy{retry_budget, std::chrono::milliseconds(250),
                                 std::chrono::milliseconds(10000)}) {}

void OtlpCollectorExporter::export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                                          const ExportDeadline& deadline) noexcept {
  try {
    std::vector<const CompletedTrace*> traces;
    traces.reserve(batch.size());
    for (const auto& trace : batch) traces.push_back(trace.get());
    const OtlpResource resource = OtlpResource::of(settings_, /*name_unknown_service=*/true);
    OtlpEncodeOptions options;
    options.genai_semconv = true;  // generic backends read gen_ai.*, not mlflow.*
    HttpRequest request;
    request.method = "POST";
    request.url = settings_.traces_endpoint;
    request.timeout = settings_.timeout;
    request.headers = settings_.headers;
    request.headers.emplace_back("Content-Type", "application/x-protobuf");
    request.body = encode_export_trace_service_request(traces, resource, options);
    HttpResponse response = sender_.send(request, &deadline);
    if (response.ok()) return;
    dropped_traces_ += batch.size();
    warn_once("otlp-collector", "could not export traces to the OpenTelemetry collector at " +
                                    settings_.traces_endpoint + " (" + response.describe() +
                                    "); dropping them (reported once)");
  } catch (const std::exception& e) {
    warn_once("otlp-collector-encode", std::string("could not export traces by OTLP: ") + e.what());
  }
}

}  // namespace detail
MLFLOW_END_NAMESPACE
