// trace_from_dict.cpp: see trace_from_dict.h.
#include "format/trace_from_dict.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "format/id_text.h"
#include "format/span_fields.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::unique_ptr<CompletedTrace> completed_trace_from_dict(const nlohmann::json& trace_dict) {
  const nlohmann::json* spans = nullptr;
  if (trace_dict.is_object() && trace_dict.contains("data") && trace_dict["data"].is_object())
    if (auto it = trace_dict["data"].find("spans"); it != trace_dict["data"].end() && it->is_array())
      spans = &*it;
  if (spans == nullptr || spans->empty()) throw std::runtime_error("the trace has no spans");
  auto trace = std::make_unique<CompletedTrace>();
  const std::string trace_bytes = id_bytes_from_base64((*spans)[0].value("trace_id", nlohmann::json()), 16, "trace_id");
  trace->trace_id = TraceId{big_endian_word(std::string_view(trace_bytes).substr(0, 8)),
                            big_endian_word(std::string_view(trace_bytes).substr(8))};
  for (const auto& dict : *spans) {
    if (!dict.is_object()) throw std::runtime_error("a span is not an object");
    auto span = std::make_unique<SpanRecord>();
    span->span_id = big_endian_word(id_bytes_from_base64(dict.value("span_id", nlohmann::json()), 8, "span_id"));
    const nlohmann::json parent = dict.value("parent_span_id", nlohmann::json());
    if (parent.is_string() && !parent.get<std::string>().empty())
      span->parent_span_id = big_endian_word(id_bytes_from_base64(parent, 8, "parent_span_id"));
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

}  // namespace detail
MLFLOW_END_NAMESPACE
