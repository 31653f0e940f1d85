// server_delivery.cpp: see server_delivery.h.
#include "export/mlflow_server/server_delivery.h"

#include "format/otlp_encoding.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

DeliveryResult delivery_failure(const TrackingResponse& response, const std::string& what) {
  DeliveryResult result;
  result.outcome = ((response.http.status == 0 && !response.http.permanent) || is_retryable(response.http))
                       ? DeliveryOutcome::kUnreachable
                       : DeliveryOutcome::kRefused;
  result.error = what + ": " + response.describe();
  return result;
}

DeliveryResult ServerDelivery::send_spans(const std::string& experiment_id,
                                          const std::vector<const CompletedTrace*>& traces,
                                          const ExportDeadline* deadline) {
  if (!otlp_supported_ || traces.empty()) return {};
  TrackingResponse response = client_.log_spans(
      experiment_id, encode_export_trace_service_request(traces, resource_), deadline);
  if (response.ok()) return {};
  // 501: a file-store backend. 404/405 without an MLflow error: a server older than OTLP
  // ingestion (3.4), or one run without its FastAPI app. Either way: traces.json from now on.
  const bool no_otlp = response.http.status == 501 ||
                       ((response.http.status == 404 || response.http.status == 405) &&
                        response.error_code().empty());
  if (no_otlp) {
    otlp_supported_ = false;
    warn_once("otlp-unsupported", client_.uri() + " does not take spans by OTLP (" +
                                      response.describe() +
                                      "); sending them as traces.json artifacts instead");
    return {};
  }
  return delivery_failure(response, "sending spans to " + client_.uri() + "/v1/traces");
}

DeliveryResult ServerDelivery::send_info(const std::string& experiment_id, bool continued,
                                         const nlohmann::json& info, const nlohmann::json& spans,
                                         const ExportDeadline* deadline) {
  if (continued) {
    // Part of a trace begun in another service: that service writes the trace info (its root
    // is there); ours would overwrite the name, previews and duration. The spans are all this
    // part adds, and only OTLP ingestion can merge them into the caller's trace.
    if (otlp_supported_) return {};
    return {DeliveryOutcome::kRefused,
            "this part of a trace begun in another service can only join it through OTLP span "
            "ingestion, which " + client_.uri() + " does not offer (a file-store backend or a "
            "server older than MLflow 3.4)"};
  }
  const std::string trace_id = info.value("trace_id", "");
  TrackingResponse started = client_.start_trace(info, experiment_id, deadline);
  if (!started.ok()) return delivery_failure(started, "StartTraceV3 for " + trace_id);
  return send_trace_data(
      trace_id,
      started.json.value(nlohmann::json::json_pointer("/trace/trace_info/tags"), nlohmann::json::object()),
      spans, deadline);
}

DeliveryResult ServerDelivery::send_trace_data(const std::string& trace_id, const nlohmann::json& tags,
                                               const nlohmann::json& spans,
                                               const ExportDeadline* deadline) {
  if (!tags.is_object()) return {DeliveryOutcome::kRefused, "the trace info of " + trace_id + " has no tags"};
  if (otlp_supported_ && tags.value("mlflow.trace.spansLocation", "") == "TRACKING_STORE") return {};
  // The server keeps no spans of this trace: they go where its readers look, traces.json in
  // the trace's artifact location.
  const std::string location = tags.value("mlflow.artifactLocation", "");
  if (location.empty()) {
    DeliveryResult result;
    result.outcome = DeliveryOutcome::kRefused;
    result.error = "StartTraceV3 for " + trace_id + " returned no mlflow.artifactLocation tag";
    return result;
  }
  TrackingResponse uploaded = client_.upload_trace_data(
      location, spans.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), deadline);
  if (!uploaded.ok()) return delivery_failure(uploaded, "uploading traces.json for " + trace_id);
  return {};
}

}  // namespace detail
MLFLOW_END_NAMESPACE
