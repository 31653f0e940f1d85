// server_delivery.h: delivering traces to an MLflow tracking server, in the order and the
// shape MLflow's own clients use (mlflow-contract.md §9):
//
//   1. the spans by OTLP (POST /v1/traces), several traces per request;
//   2. per trace, StartTraceV3 with the trace info derived on our side (trace name, previews,
//      token usage without double counting, session, user, tags, source);
//   3. when the server keeps no spans of its own (OTLP answered 501, or the StartTraceV3
//      answer lacks mlflow.trace.spansLocation=TRACKING_STORE), traces.json through the
//      artifact proxy, as the TypeScript SDK does.
//
// A trace continued from another service (W3C traceparent) gets step 1 only: the calling
// service, where its root is, writes the trace info.
//
// Shared by the exporter (live traces) and `mlflow-cpp push` (stored ones), so a pushed trace
// arrives exactly as a live one would have.
#ifndef MLFLOW_RUNTIME_SERVER_DELIVERY_H
#define MLFLOW_RUNTIME_SERVER_DELIVERY_H

#include <mlflow/version.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"
#include "export/exporter.h"
#include "format/otlp_encoding.h"
#include "net/tracking_client.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

enum class DeliveryOutcome {
  kDelivered,
  kUnreachable,  // no answer, or still 429/5xx when the retry budget or the deadline ran out
  kRefused,      // the server answered no (4xx): sending it again unchanged will not help
};

struct DeliveryResult {
  DeliveryOutcome outcome = DeliveryOutcome::kDelivered;
  std::string error;  // when not delivered
  bool ok() const noexcept { return outcome == DeliveryOutcome::kDelivered; }
};

class ServerDelivery {
 public:
  // Traces per OTLP request (step 1).
  static constexpr std::size_t kTracesPerRequest = 100;

  // `resource`: the OTLP resource (OtlpResource::of), whose service.name MLflow turns into a
  // trace tag; only when the user named the service (OTEL_SERVICE_NAME), never a placeholder.
  explicit ServerDelivery(TrackingClient& client, OtlpResource resource = no_resource())
      : client_(client), resource_(std::move(resource)) {}

  // Step 1 for `traces` (all into `experiment_id`). Delivered also when the server cannot take
  // OTLP at all (501, or no such endpoint): then step 3 carries the spans, and
  // spans_go_by_otlp() turns false for the rest of this object's life.
  DeliveryResult send_spans(const std::string& experiment_id,
                            const std::vector<const CompletedTrace*>& traces,
                            const ExportDeadline* deadline);

  // Steps 2 and 3 for one trace: `info` in TraceInfo.to_dict() form, `spans` the trace's
  // {"spans": [Span.to_dict(), ...]} (used only for step 3). For a trace continued from another
  // service (`continued`) both are the caller's to send: delivered when step 1 carried its
  // spans, refused when this server cannot take OTLP (`info` and `spans` are not read).
  DeliveryResult send_info(const std::string& experiment_id, bool continued,
                           const nlohmann::json& info, const nlohmann::json& spans,
                           const ExportDeadline* deadline);

  // Step 3 alone, for a trace whose StartTraceV3 the server has taken: `tags` are its stored
  // TraceInfo's tags (StartTraceV3's answer, or GetTraceInfoV3's). Nothing to send when the
  // server keeps the trace's spans itself (mlflow.trace.spansLocation=TRACKING_STORE and OTLP
  // taken); else traces.json to the artifact location the tags name.
  DeliveryResult send_trace_data(const std::string& trace_id, const nlohmann::json& tags,
                                 const nlohmann::json& spans, const ExportDeadline* deadline);

  bool spans_go_by_otlp() const noexcept { return otlp_supported_; }

 private:
  TrackingClient& client_;
  static OtlpResource no_resource() {
    OtlpResource resource;
    resource.service_name.clear();
    return resource;
  }
  OtlpResource resource_;
  bool otlp_supported_ = true;
};

DeliveryResult delivery_failure(const TrackingResponse& response, const std::string& what);


}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SERVER_DELIVERY_H
