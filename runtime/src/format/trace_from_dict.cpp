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
namespace {

// A time in nanoseconds since the epoch: a whole number that fits in 64 bits, 0 when missing.
// Anything else is malformed: nlohmann's get<int64_t>() of a float out of range is undefined
// behaviour (a store line with "start_time_unix_nano": 1.8e143, found by the store reader's
// fuzzer, test/fuzz/corpus/store_reader/time_out_of_range.jsonl).
std::int64_t nanoseconds(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return 0;
  if (it->is_number_integer() &&
      !(it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t{INT64_MAX}))
    return it->get<std::int64_t>();
  throw std::runtime_error(std::string(key) + " is not a whole number of nanoseconds: " +
                           it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

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
    span->start_unix_nano = nanoseconds(dict, "start_time_unix_nano");
    span->end_unix_nano = nanoseconds(dict, "end_time_unix_nano");
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
        record.time_unix_nano = nanoseconds(event, "time_unix_nano");
        if (auto a = event.find("attributes"); a != event.end() && a->is_object()) record.attributes = *a;
        span->events.push_back(std::move(record));
      }
    }
    if (auto links = dict.find("links"); links != dict.end() && links->is_array()) {
      for (const auto& link : *links) {
        if (!link.is_object()) continue;
        auto linked_trace = trace_id_from_hex(link.value("trace_id", ""));
        auto linked_span = span_id_from_hex(link.value("span_id", ""));
        if (!linked_trace || !linked_span) continue;
        SpanLinkRecord record;
        record.trace_id = *linked_trace;
        record.span_id = *linked_span;
        if (auto a = link.find("attributes"); a != link.end() && a->is_object()) record.attributes = *a;
        span->links.push_back(std::move(record));
      }
    }
    span->ended.store(true, std::memory_order_relaxed);
    trace->spans.push_back(std::move(span));
  }
  return trace;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
