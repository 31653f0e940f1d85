// tracking_client.h: the MLflow tracking server's REST API, the parts a trace client needs
// (the paths are those of MLflow's mlflow/protos/service.proto; OTLP ingestion is MLflow's
// mlflow/server/otel_api.py; test/server/ runs them against a real server):
//
//   experiments   get-by-name, create, get                       /api/2.0/mlflow/experiments/...
//   spans         OTLP/HTTP protobuf with x-mlflow-experiment-id  POST /v1/traces
//   trace info    StartTraceV3 (written once, when the trace ends) POST /api/3.0/mlflow/traces
//   trace data    traces.json through the artifact proxy, for servers that cannot take OTLP
//   reading       SearchTracesV3, GetTraceInfoV3, BatchGetTraces, the trace data as the UI
//                 loads it
//
// Used by the MLflow exporter on the export thread and by the CLI (`show --server`, `push`).
// Every request carries the configured Authorization header and TLS settings and goes through
// RetryingSender. Not thread-safe (one HttpClient); each user owns its own.
#ifndef MLFLOW_RUNTIME_TRACKING_CLIENT_H
#define MLFLOW_RUNTIME_TRACKING_CLIENT_H

#include <mlflow/version.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "net/http_client.h"
#include "net/retrying_sender.h"
#include "support/deadline.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// A response, with its body parsed when it is JSON (MLflow's errors are
// {"error_code": ..., "message": ...}).
struct TrackingResponse {
  HttpResponse http;
  nlohmann::json json;  // null unless the body was JSON

  bool ok() const noexcept { return http.ok(); }
  std::string error_code() const;  // "RESOURCE_DOES_NOT_EXIST", or empty
  std::string describe() const;    // for diagnostics: the MLflow message when there is one
};

class TrackingClient {
 public:
  explicit TrackingClient(const TrackingServerSettings& settings);

  const std::string& uri() const noexcept { return settings_.uri; }

  // The experiment id to log to: `id` checked to exist when only it is given; `name` looked up
  // and created when missing (and checked against `id` when both are given, as MLflow's Python
  // client does); "0" (Default) when neither. Nothing, with `error` set, when it cannot be
  // resolved; `unreachable` says whether that was because the server did not answer.
  std::optional<std::string> resolve_experiment(const std::string& id, const std::string& name,
                                                const ExportDeadline* deadline, std::string* error,
                                                bool* unreachable);

  // POST /v1/traces: an ExportTraceServiceRequest (otlp_encoding.h) into `experiment_id`.
  TrackingResponse log_spans(const std::string& experiment_id, std::string otlp_body,
                             const ExportDeadline* deadline);

  // StartTraceV3 from a TraceInfo in its to_dict() form (format/trace_dict.h), with the experiment
  // set to `experiment_id`. The response echoes the stored TraceInfo (its tags say where spans
  // are kept and the artifact location).
  TrackingResponse start_trace(const nlohmann::json& trace_info_dict,
                               const std::string& experiment_id, const ExportDeadline* deadline);

  // PUT <artifact location>/traces.json, {"spans": [Span.to_dict(), ...]}, through the
  // server's artifact proxy: the fallback for servers that answer OTLP with 501.
  TrackingResponse upload_trace_data(const std::string& artifact_location,
                                     std::string trace_data_json, const ExportDeadline* deadline);

  // SearchTracesV3: `request` is its JSON body (locations, filter, max_results, order_by,
  // page_token).
  TrackingResponse search_traces(const nlohmann::json& request);
  // GetTraceInfoV3.
  TrackingResponse get_trace_info(const std::string& trace_id);
  // BatchGetTraces (GET /api/3.0/mlflow/traces/batchGet): {"traces": [{"trace_info": {...},
  // "spans": [OTLP span JSON, ids in base64, ...]}]} for those of `trace_ids` the server has (the
  // others are left out). `push` asks it whether spans it may have sent before a crash arrived.
  TrackingResponse batch_get_traces(const std::vector<std::string>& trace_ids);
  // The trace's spans as {"spans": [Span.to_dict(), ...]}, as the MLflow UI loads them.
  TrackingResponse get_trace_data(const std::string& trace_id);
  // SetTraceTag (PATCH /api/2.0/mlflow/traces/{id}/tags) and DeleteTraceTag (DELETE, the key in
  // a JSON body), as MLflow's REST store calls them.
  TrackingResponse set_trace_tag(const std::string& trace_id, const std::string& key,
                                 const std::string& value);
  TrackingResponse delete_trace_tag(const std::string& trace_id, const std::string& key);
  // CreateAssessment: POST /api/3.0/mlflow/traces/{id}/assessments {"assessment": ...}.
  TrackingResponse create_assessment(const std::string& trace_id, const nlohmann::json& assessment);
  // GetAssessmentRequest (GET) and DeleteAssessment (DELETE)
  // /api/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}.
  TrackingResponse get_assessment(const std::string& trace_id, const std::string& assessment_id);
  TrackingResponse delete_assessment(const std::string& trace_id,
                                     const std::string& assessment_id);
  // UpdateAssessment: PATCH .../assessments/{assessment_id} {"assessment": the changed fields
  // and the ids, "update_mask": "field,field"} (protobuf's JSON form of a FieldMask).
  TrackingResponse update_assessment(const std::string& trace_id, const std::string& assessment_id,
                                     const nlohmann::json& assessment,
                                     const std::string& update_mask);
  // CreateIssue (POST /api/3.0/mlflow/issues) and GetIssue (GET .../issues/{issue_id}).
  TrackingResponse create_issue(const nlohmann::json& issue);
  TrackingResponse get_issue(const std::string& issue_id);
  // GET experiments/get-by-name: {"experiment": {"experiment_id": ...}}, or 404
  // RESOURCE_DOES_NOT_EXIST. Looks only; resolve_experiment also creates.
  TrackingResponse get_experiment_by_name(const std::string& name,
                                          const ExportDeadline* deadline = nullptr);

 private:
  HttpRequest request(std::string method, std::string_view path) const;
  TrackingResponse send(const HttpRequest& request, const ExportDeadline* deadline);
  // A request with a JSON body (MLflow's REST calls that take one).
  TrackingResponse send_json(std::string method, std::string_view path, std::string body,
                             const ExportDeadline* deadline);

  TrackingServerSettings settings_;
  HttpClient http_;
  RetryingSender sender_;
};

// The StartTraceV3 request body for a TraceInfo in its to_dict() form: the same fields, with the
// protobuf Duration in place of execution_duration_ms.
nlohmann::json start_trace_request(const nlohmann::json& trace_info_dict, const std::string& experiment_id);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACKING_CLIENT_H
