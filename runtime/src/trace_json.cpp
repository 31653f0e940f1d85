// trace_json.cpp: see trace_json.h.
#include "trace_json.h"

#include <cstdio>
#include <ctime>

#include <algorithm>
#include <optional>
#include <vector>
#include <stdexcept>

#include "base64.h"
#include "json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// MLflow's SpanLogLevel values.
constexpr int kLogLevelDebug = 10;
constexpr int kLogLevelInfo = 20;
constexpr int kLogLevelError = 40;

// MLflow's default_log_level_for_span_type (custom span types are DEBUG).
int default_log_level(std::string_view span_type) {
#define MLFLOW_SPAN_TYPE(NAME, LEVEL) \
  if (span_type == #NAME) return std::string_view(#LEVEL) == "INFO" ? kLogLevelInfo : kLogLevelDebug;
#include <mlflow/span_types.def>
  return kLogLevelDebug;
}

const char* status_code_name(SpanStatusCode code) {
  switch (code) {
    case SpanStatusCode::OK:
      return "STATUS_CODE_OK";
    case SpanStatusCode::ERROR:
      return "STATUS_CODE_ERROR";
    case SpanStatusCode::UNSET:
      break;
  }
  return "STATUS_CODE_UNSET";
}

SpanStatusCode status_code_from_name(std::string_view name) {
  if (name == "STATUS_CODE_OK" || name == "OK") return SpanStatusCode::OK;
  if (name == "STATUS_CODE_ERROR" || name == "ERROR") return SpanStatusCode::ERROR;
  return SpanStatusCode::UNSET;
}

std::uint64_t big_endian(std::string_view bytes) {
  std::uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

// An id written by span_to_dict: base64 of `size` big-endian bytes.
std::string id_bytes(const nlohmann::json& value, std::size_t size, const char* what) {
  std::optional<std::string> bytes;
  if (value.is_string()) bytes = base64_decode(value.get<std::string>());
  if (!bytes || bytes->size() != size)
    throw std::runtime_error(std::string("malformed ") + what + ": " + value.dump());
  return *bytes;
}

}  // namespace

std::string rfc3339_millis(std::int64_t unix_millis) {
  std::time_t seconds = static_cast<std::time_t>(unix_millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(unix_millis % 1000));
  return buffer;
}

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

  return {
      {"trace_id", to_base64(trace_id)},
      {"span_id", to_base64(span.span_id)},
      {"parent_span_id",
       span.parent_span_id == 0 ? nlohmann::json() : nlohmann::json(to_base64(span.parent_span_id))},
      {"name", span.name},
      {"start_time_unix_nano", span.start_unix_nano},
      {"end_time_unix_nano", span.end_unix_nano},
      {"events", std::move(events)},
      {"status", {{"code", status_code_name(span.status)}, {"message", span.status_message}}},
      {"attributes", std::move(attributes)},
      {"links", nlohmann::json::array()},
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

std::unique_ptr<CompletedTrace> completed_trace_from_dict(const nlohmann::json& trace_dict) {
  const nlohmann::json* spans = nullptr;
  if (trace_dict.is_object() && trace_dict.contains("data") && trace_dict["data"].is_object())
    if (auto it = trace_dict["data"].find("spans"); it != trace_dict["data"].end() && it->is_array())
      spans = &*it;
  if (spans == nullptr || spans->empty()) throw std::runtime_error("the trace has no spans");
  auto trace = std::make_unique<CompletedTrace>();
  const std::string trace_bytes = id_bytes((*spans)[0].value("trace_id", nlohmann::json()), 16, "trace_id");
  trace->trace_id = TraceId{big_endian(std::string_view(trace_bytes).substr(0, 8)),
                            big_endian(std::string_view(trace_bytes).substr(8))};
  for (const auto& dict : *spans) {
    if (!dict.is_object()) throw std::runtime_error("a span is not an object");
    auto span = std::make_unique<SpanRecord>();
    span->span_id = big_endian(id_bytes(dict.value("span_id", nlohmann::json()), 8, "span_id"));
    const nlohmann::json parent = dict.value("parent_span_id", nlohmann::json());
    if (parent.is_string() && !parent.get<std::string>().empty())
      span->parent_span_id = big_endian(id_bytes(parent, 8, "parent_span_id"));
    span->name = dict.value("name", "");
    span->start_unix_nano = dict.value("start_time_unix_nano", std::int64_t{0});
    span->end_unix_nano = dict.value("end_time_unix_nano", std::int64_t{0});
    if (auto status = dict.find("status"); status != dict.end() && status->is_object()) {
      span->status = status_code_from_name(status->value("code", ""));
      span->status_message = status->value("message", "");
    }
    if (auto attributes = dict.find("attributes"); attributes != dict.end() && attributes->is_object()) {
      for (const auto& [key, text] : attributes->items()) {
        // Every value is JSON text; one that is not is kept as the plain string it is.
        nlohmann::json value = text.is_string()
                                   ? nlohmann::json::parse(text.get<std::string>(), nullptr, false)
                                   : text;
        if (value.is_discarded()) value = text;
        if (key == "mlflow.traceRequestId") continue;
        if (key == "mlflow.spanType") {
          span->span_type = value.is_string() ? value.get<std::string>() : value.dump();
        } else if (key == "mlflow.spanInputs") {
          span->has_inputs = true;
          span->inputs = std::move(value);
        } else if (key == "mlflow.spanOutputs") {
          span->has_outputs = true;
          span->outputs = std::move(value);
        } else {
          span->attributes.emplace_back(key, std::move(value));
        }
      }
    }
    if (auto events = dict.find("events"); events != dict.end() && events->is_array()) {
      for (const auto& event : *events) {
        if (!event.is_object()) continue;
        SpanEventRecord record;
        record.name = event.value("name", "");
        record.time_unix_nano = event.value("time_unix_nano", std::int64_t{0});
        if (auto a = event.find("attributes"); a != event.end() && a->is_object()) record.attributes = *a;
        span->events.push_back(std::move(record));
      }
    }
    span->ended.store(true, std::memory_order_relaxed);
    trace->spans.push_back(std::move(span));
  }
  return trace;
}

namespace {

std::string compact(const nlohmann::json& value) {
  // `replace` turns invalid UTF-8 into U+FFFD instead of throwing.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// span_to_dict(span) dumped compactly, written straight into `out` (no JSON tree per span): the
// keys in the order nlohmann's sorted objects give them, attribute values as JSON text strings.
void append_span_json(std::string& out, const SpanRecord& span, const TraceId& trace_id) {
  // The attributes as span_to_dict assigns them (a later key replaces an earlier one), sorted.
  std::vector<std::pair<std::string, std::string>> attributes;
  attributes.reserve(8 + span.attributes.size());
  auto set = [&](std::string key, std::string text) {
    for (auto& [k, v] : attributes)
      if (k == key) {
        v = std::move(text);
        return;
      }
    attributes.emplace_back(std::move(key), std::move(text));
  };
  set("mlflow.traceRequestId", to_json_text(mlflow_trace_id(trace_id)));
  set("mlflow.spanType", to_json_text(span.span_type));
  if (span.has_inputs) set("mlflow.spanInputs", span.recorded_inputs().text());
  for_each_code_attribute(span, [&](std::string key, const nlohmann::json& value) {
    set(std::move(key), to_json_text(value));
  });
  if (span.has_outputs) set("mlflow.spanOutputs", span.outputs.text());
  for (const auto& [key, value] : span.attributes) set(key, to_json_text(value));
  bool has_exception = false;
  for (const auto& event : span.events) has_exception = has_exception || event.name == "exception";
  if (std::none_of(attributes.begin(), attributes.end(),
                   [](const auto& kv) { return kv.first == "mlflow.spanLogLevel"; })) {
    set("mlflow.spanLogLevel",
        std::to_string(has_exception ? kLogLevelError : default_log_level(span.span_type)));
  }
  std::sort(attributes.begin(), attributes.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  out += "{\"attributes\":{";
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, attributes[i].first);
    out += ':';
    append_json_string(out, attributes[i].second);
  }
  out += "},\"end_time_unix_nano\":";
  out += std::to_string(span.end_unix_nano);
  out += ",\"events\":[";
  for (std::size_t i = 0; i < span.events.size(); ++i) {
    const SpanEventRecord& event = span.events[i];
    if (i > 0) out += ',';
    out += "{\"attributes\":";
    out += compact(event.attributes);
    out += ",\"name\":";
    append_json_string(out, event.name);
    out += ",\"time_unix_nano\":";
    out += std::to_string(event.time_unix_nano);
    out += '}';
  }
  out += "],\"links\":[],\"name\":";
  append_json_string(out, span.name);
  out += ",\"parent_span_id\":";
  if (span.parent_span_id == 0) {
    out += "null";
  } else {
    append_json_string(out, to_base64(span.parent_span_id));
  }
  out += ",\"span_id\":";
  append_json_string(out, to_base64(span.span_id));
  out += ",\"start_time_unix_nano\":";
  out += std::to_string(span.start_unix_nano);
  out += ",\"status\":{\"code\":";
  append_json_string(out, status_code_name(span.status));
  out += ",\"message\":";
  append_json_string(out, span.status_message);
  out += "},\"trace_id\":";
  append_json_string(out, to_base64(trace_id));
  out += '}';
}

}  // namespace

std::string trace_to_json_line(const CompletedTrace& trace) {
  // What compact(trace_to_dict(trace)) gives, without a JSON tree per span: the spans are most
  // of a trace, and the local store writes every one (docs/performance.md).
  std::string out;
  out.reserve(256 + trace.spans.size() * 640);
  out += "{\"data\":{\"spans\":[";
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    if (i > 0) out += ',';
    append_span_json(out, *trace.spans[i], trace.trace_id);
  }
  out += "]},\"info\":";
  out += compact(trace_info_to_dict(derive_trace_info(trace)));
  out += '}';
  return out;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
