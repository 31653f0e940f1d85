// trace_dict.cpp: see trace_dict.h.
#include "format/trace_dict.h"

#include <string>
#include <utility>

#include "format/protobuf_time.h"
#include "format/span_fields.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

nlohmann::json span_to_dict(const SpanRecord& span, const TraceId& trace_id) {
  nlohmann::json attributes = nlohmann::json::object();
  attributes["mlflow.traceRequestId"] = to_json_text(mlflow_trace_id(trace_id));
  attributes["mlflow.spanType"] = to_json_text(span.span_type);
  if (span.has_inputs) attributes["mlflow.spanInputs"] = span.recorded_inputs().text();
  for_each_code_attribute(span, [&](const std::string& key, const nlohmann::json& value) {
    attributes[key] = to_json_text(value);
  });
  if (span.has_outputs) attributes["mlflow.spanOutputs"] = span.outputs.text();
  for (const auto& [key, value] : span.attributes) attributes[key] = to_json_text(value);

  nlohmann::json events = nlohmann::json::array();
  bool has_exception = false;
  for (const auto& event : span.events) {
    has_exception = has_exception || event.name == "exception";
    events.push_back({{"name", event.name},
                      {"time_unix_nano", event.time_unix_nano},
                      {"attributes", event.attributes}});
  }
  // As MLflow's LiveSpan: the span type's default level, raised to ERROR by an exception event,
  // unless the level was set explicitly.
  if (!attributes.contains("mlflow.spanLogLevel")) {
    int level = has_exception ? kLogLevelError : default_log_level(span.span_type);
    attributes["mlflow.spanLogLevel"] = std::to_string(level);
  }

  // As MLflow's Link.to_dict().
  nlohmann::json links = nlohmann::json::array();
  for (const auto& link : span.links)
    links.push_back({{"trace_id", mlflow_trace_id(link.trace_id)},
                     {"span_id", to_hex(link.span_id)},
                     {"attributes", link.attributes}});

  return {
      {"trace_id", to_base64(trace_id)},
      {"span_id", to_base64(span.span_id)},
      {"parent_span_id",
       span.parent_span_id == 0 ? nlohmann::json() : nlohmann::json(to_base64(span.parent_span_id))},
      {"name", span.name.str()},
      {"start_time_unix_nano", span.start_unix_nano},
      {"end_time_unix_nano", span.end_unix_nano},
      {"events", std::move(events)},
      {"status", {{"code", status_code_name(span.status)}, {"message", span.status_message}}},
      {"attributes", std::move(attributes)},
      {"links", std::move(links)},
  };
}

nlohmann::json trace_info_to_dict(const TraceInfo& info) {
  nlohmann::json dict = {
      {"trace_id", info.trace_id},
      {"trace_location",
       {{"type", "MLFLOW_EXPERIMENT"},
        {"mlflow_experiment", {{"experiment_id", info.experiment_id}}}}},
      {"request_time", rfc3339_millis(info.request_time_ms)},
      {"state", info.state},
      {"execution_duration_ms", info.execution_duration_ms},
  };
  // MessageToDict leaves out unset and empty fields.
  if (info.client_request_id) dict["client_request_id"] = *info.client_request_id;
  if (info.request_preview) dict["request_preview"] = *info.request_preview;
  if (info.response_preview) dict["response_preview"] = *info.response_preview;
  if (!info.trace_metadata.empty()) dict["trace_metadata"] = info.trace_metadata;
  if (!info.tags.empty()) dict["tags"] = info.tags;
  return dict;
}

nlohmann::json trace_to_dict(const CompletedTrace& trace) {
  nlohmann::json spans = nlohmann::json::array();
  for (const auto& span : trace.spans) spans.push_back(span_to_dict(*span, trace.trace_id));
  return {{"info", trace_info_to_dict(derive_trace_info(trace))},
          {"data", {{"spans", std::move(spans)}}}};
}

}  // namespace detail
MLFLOW_END_NAMESPACE
