// otlp_encoding.cpp: see otlp_encoding.h.
//
// Field numbers from opentelemetry-proto (collector/trace/v1/trace_service.proto,
// trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto).
#include "otlp_encoding.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "json_text.h"
#include "otlp_genai.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

namespace field {
// ExportTraceServiceRequest
constexpr std::uint32_t kRequestResourceSpans = 1;
// ResourceSpans
constexpr std::uint32_t kResourceSpansResource = 1;
constexpr std::uint32_t kResourceSpansScopeSpans = 2;
// Resource
constexpr std::uint32_t kResourceAttributes = 1;
// ScopeSpans
constexpr std::uint32_t kScopeSpansScope = 1;
constexpr std::uint32_t kScopeSpansSpans = 2;
// InstrumentationScope
constexpr std::uint32_t kScopeName = 1;
constexpr std::uint32_t kScopeVersion = 2;
// Span
constexpr std::uint32_t kSpanTraceId = 1;
constexpr std::uint32_t kSpanSpanId = 2;
constexpr std::uint32_t kSpanParentSpanId = 4;
constexpr std::uint32_t kSpanName = 5;
constexpr std::uint32_t kSpanKind = 6;
constexpr std::uint32_t kSpanStartTime = 7;
constexpr std::uint32_t kSpanEndTime = 8;
constexpr std::uint32_t kSpanAttributes = 9;
constexpr std::uint32_t kSpanEvents = 11;
constexpr std::uint32_t kSpanStatus = 15;
// Span.Event
constexpr std::uint32_t kEventTime = 1;
constexpr std::uint32_t kEventName = 2;
constexpr std::uint32_t kEventAttributes = 3;
// Status
constexpr std::uint32_t kStatusMessage = 2;
constexpr std::uint32_t kStatusCode = 3;
// KeyValue
constexpr std::uint32_t kKeyValueKey = 1;
constexpr std::uint32_t kKeyValueValue = 2;
// AnyValue
constexpr std::uint32_t kAnyString = 1;
constexpr std::uint32_t kAnyBool = 2;
constexpr std::uint32_t kAnyInt = 3;
constexpr std::uint32_t kAnyDouble = 4;
constexpr std::uint32_t kAnyArray = 5;
// ArrayValue
constexpr std::uint32_t kArrayValues = 1;
}  // namespace field

constexpr std::uint64_t kSpanKindInternal = 1;
constexpr std::uint64_t kStatusCodeOk = 1;
constexpr std::uint64_t kStatusCodeError = 2;

constexpr const char* kScopeName = "mlflow-cpp";

// Keys whose value is "JSON of any value": a string there is sent as JSON text too, so that a
// string that looks like JSON is not read back as an object.
bool holds_json_of_any_value(std::string_view key) {
  return key == "mlflow.spanInputs" || key == "mlflow.spanOutputs" ||
         key == "mlflow.chat.tokenUsage" || key == "mlflow.chat.tools" || key == "mlflow.llm.cost";
}

// How a value becomes an AnyValue: strings as JSON text too (for the keys that hold JSON of any
// value), and arrays of plain values as ArrayValues (for the gen_ai.* string lists) instead of
// JSON text.
struct ValueEncoding {
  bool string_as_json = false;
  bool array_as_array_value = false;
};

bool is_plain(const nlohmann::json& value) {
  return value.is_primitive() && !value.is_binary();
}

// The AnyValue of a plain value; structured ones (and strings when `string_as_json`) as JSON
// text, but arrays of plain values as an ArrayValue when `array_as_array_value`. A null leaves
// the AnyValue empty.
ProtoWriter any_value(const nlohmann::json& value, ValueEncoding encoding) {
  ProtoWriter w;
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      break;
    case nlohmann::json::value_t::string:
      w.bytes_field(field::kAnyString,
                    encoding.string_as_json ? to_json_text(value)
                                            : valid_utf8(value.get_ref<const std::string&>()));
      break;
    case nlohmann::json::value_t::boolean:
      w.bool_field(field::kAnyBool, value.get<bool>());
      break;
    case nlohmann::json::value_t::number_integer:
      w.int64_field(field::kAnyInt, value.get<std::int64_t>());
      break;
    case nlohmann::json::value_t::number_unsigned: {
      auto u = value.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        w.int64_field(field::kAnyInt, static_cast<std::int64_t>(u));
      else
        w.double_field(field::kAnyDouble, static_cast<double>(u));
      break;
    }
    case nlohmann::json::value_t::number_float:
      w.double_field(field::kAnyDouble, value.get<double>());
      break;
    case nlohmann::json::value_t::array:
      if (encoding.array_as_array_value &&
          std::all_of(value.begin(), value.end(), [](const auto& v) { return is_plain(v); })) {
        ProtoWriter array;
        for (const auto& element : value)
          array.message_field(field::kArrayValues, any_value(element, {}));
        w.message_field(field::kAnyArray, array);
        break;
      }
      [[fallthrough]];
    default:  // object, array, binary, discarded
      w.bytes_field(field::kAnyString, to_json_text(value));
      break;
  }
  return w;
}

void key_value(ProtoWriter& out, std::uint32_t field_number, std::string_view key,
               const nlohmann::json& value, ValueEncoding encoding) {
  ProtoWriter kv;
  kv.bytes_field(field::kKeyValueKey, valid_utf8(key));
  kv.message_field(field::kKeyValueValue, any_value(value, encoding));
  out.message_field(field_number, kv);
}

// Sets key to value, replacing an earlier value of the same key (keys must be unique).
void set(std::vector<std::pair<std::string, nlohmann::json>>& attributes, const std::string& key,
         const nlohmann::json& value) {
  for (auto& [k, v] : attributes)
    if (k == key) {
      v = value;
      return;
    }
  attributes.emplace_back(key, value);
}

ProtoWriter encode_resource(const OtlpResource& resource) {
  std::vector<std::pair<std::string, nlohmann::json>> attributes;
  if (!resource.service_name.empty()) set(attributes, "service.name", resource.service_name);
  set(attributes, "telemetry.sdk.language", "cpp");
  set(attributes, "telemetry.sdk.name", kScopeName);
  set(attributes, "telemetry.sdk.version", MLFLOW_CPP_VERSION);
  for (const auto& [key, value] : resource.attributes) set(attributes, key, value);
  ProtoWriter w;
  for (const auto& [key, value] : attributes)
    key_value(w, field::kResourceAttributes, key, value, {});
  return w;
}

ProtoWriter encode_span(const SpanRecord& span, const TraceId& trace_id,
                        const OtlpEncodeOptions& options) {
  ProtoWriter w;
  w.bytes_field(field::kSpanTraceId, to_bytes(trace_id));
  w.bytes_field(field::kSpanSpanId, to_bytes(span.span_id));
  if (span.parent_span_id != 0)
    w.bytes_field(field::kSpanParentSpanId, to_bytes(span.parent_span_id));
  if (!span.name.empty()) w.bytes_field(field::kSpanName, valid_utf8(span.name));
  w.varint_field(field::kSpanKind, kSpanKindInternal);
  w.fixed64_field(field::kSpanStartTime, static_cast<std::uint64_t>(span.start_unix_nano));
  w.fixed64_field(field::kSpanEndTime, static_cast<std::uint64_t>(span.end_unix_nano));

  std::vector<std::pair<std::string, nlohmann::json>> attributes;
  set(attributes, "mlflow.spanType", span.span_type);
  if (span.has_inputs) set(attributes, "mlflow.spanInputs", span.recorded_inputs());
  if (span.has_outputs) set(attributes, "mlflow.spanOutputs", span.outputs);
  for_each_code_attribute(span, [&](const std::string& key, const nlohmann::json& value) {
    set(attributes, key, value);
  });
  for (const auto& [key, value] : span.attributes)
    if (key != "mlflow.traceRequestId") set(attributes, key, value);
  for (const auto& [key, value] : attributes)
    key_value(w, field::kSpanAttributes, key, value, {holds_json_of_any_value(key), false});
  if (options.genai_semconv) {
    auto has_key = [&](const std::string& key) {
      return std::any_of(attributes.begin(), attributes.end(),
                         [&](const auto& kv) { return kv.first == key; });
    };
    for (const auto& [key, value] : genai_semconv_attributes(span))
      if (!has_key(key)) key_value(w, field::kSpanAttributes, key, value, {false, true});
  }

  for (const auto& event : span.events) {
    ProtoWriter e;
    e.fixed64_field(field::kEventTime, static_cast<std::uint64_t>(event.time_unix_nano));
    if (!event.name.empty()) e.bytes_field(field::kEventName, valid_utf8(event.name));
    if (event.attributes.is_object())
      for (const auto& [key, value] : event.attributes.items())
        key_value(e, field::kEventAttributes, key, value, {});
    w.message_field(field::kSpanEvents, e);
  }

  ProtoWriter status;
  if (!span.status_message.empty())
    status.bytes_field(field::kStatusMessage, valid_utf8(span.status_message));
  switch (span.status) {
    case SpanStatusCode::OK:
      status.varint_field(field::kStatusCode, kStatusCodeOk);
      break;
    case SpanStatusCode::ERROR:
      status.varint_field(field::kStatusCode, kStatusCodeError);
      break;
    case SpanStatusCode::UNSET:
      break;
  }
  w.message_field(field::kSpanStatus, status);
  return w;
}

}  // namespace

void ProtoWriter::varint(std::uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

void ProtoWriter::varint_field(std::uint32_t field, std::uint64_t value) {
  tag(field, kVarint);
  varint(value);
}

void ProtoWriter::fixed64_field(std::uint32_t field, std::uint64_t value) {
  tag(field, kFixed64);
  for (int i = 0; i < 8; ++i, value >>= 8) out_.push_back(static_cast<char>(value & 0xff));
}

void ProtoWriter::double_field(std::uint32_t field, double value) {
  static_assert(sizeof(double) == sizeof(std::uint64_t));
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  fixed64_field(field, bits);
}

void ProtoWriter::bytes_field(std::uint32_t field, std::string_view bytes) {
  tag(field, kLengthDelimited);
  varint(bytes.size());
  out_.append(bytes.data(), bytes.size());
}

std::string encode_export_trace_service_request(const std::vector<const CompletedTrace*>& traces,
                                                const OtlpResource& resource,
                                                const OtlpEncodeOptions& options) {
  ProtoWriter scope;
  scope.bytes_field(field::kScopeName, kScopeName);
  scope.bytes_field(field::kScopeVersion, MLFLOW_CPP_VERSION);

  ProtoWriter scope_spans;
  scope_spans.message_field(field::kScopeSpansScope, scope);
  for (const CompletedTrace* trace : traces) {
    if (trace == nullptr) continue;
    for (const auto& span : trace->spans)
      scope_spans.message_field(field::kScopeSpansSpans,
                                encode_span(*span, trace->trace_id, options));
  }

  ProtoWriter resource_spans;
  resource_spans.message_field(field::kResourceSpansResource, encode_resource(resource));
  resource_spans.message_field(field::kResourceSpansScopeSpans, scope_spans);

  ProtoWriter request;
  request.message_field(field::kRequestResourceSpans, resource_spans);
  return request.take();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
