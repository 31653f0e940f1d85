// otlp_encoding.cpp: see otlp_encoding.h.
//
// Field numbers from opentelemetry-proto (collector/trace/v1/trace_service.proto,
// trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto).
#include "format/otlp_encoding.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "format/otlp_genai.h"
#include "support/json_text.h"

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
constexpr std::uint32_t kSpanTraceState = 3;
constexpr std::uint32_t kSpanParentSpanId = 4;
constexpr std::uint32_t kSpanName = 5;
constexpr std::uint32_t kSpanKind = 6;
constexpr std::uint32_t kSpanStartTime = 7;
constexpr std::uint32_t kSpanEndTime = 8;
constexpr std::uint32_t kSpanAttributes = 9;
constexpr std::uint32_t kSpanEvents = 11;
constexpr std::uint32_t kSpanLinks = 13;
constexpr std::uint32_t kSpanStatus = 15;
// Span.Event
constexpr std::uint32_t kLinkTraceId = 1;
constexpr std::uint32_t kLinkSpanId = 2;
constexpr std::uint32_t kLinkAttributes = 4;
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

// Writes `value` as the AnyValue message of `field`: plain values as themselves; structured
// ones (and strings when `string_as_json`) as JSON text, but arrays of plain values as an
// ArrayValue when `array_as_array_value`. A null leaves the AnyValue empty.
void any_value(ProtoWriter& w, std::uint32_t field_number, const nlohmann::json& value,
               ValueEncoding encoding) {
  const std::size_t any = w.begin_message(field_number);
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      break;
    case nlohmann::json::value_t::string:
      if (encoding.string_as_json) {
        w.json_text_field(field::kAnyString, value);
      } else {
        w.utf8_field(field::kAnyString, value.get_ref<const std::string&>());
      }
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
        const std::size_t array = w.begin_message(field::kAnyArray);
        for (const auto& element : value) any_value(w, field::kArrayValues, element, {});
        w.end_message(array);
        break;
      }
      [[fallthrough]];
    default:  // object, array, binary, discarded
      w.json_text_field(field::kAnyString, value);
      break;
  }
  w.end_message(any);
}

void key_value(ProtoWriter& out, std::uint32_t field_number, std::string_view key,
               const nlohmann::json& value, ValueEncoding encoding) {
  const std::size_t kv = out.begin_message(field_number);
  out.utf8_field(field::kKeyValueKey, key);
  any_value(out, field::kKeyValueValue, value, encoding);
  out.end_message(kv);
}

// A span's inputs or outputs: JSON of any value. Kept as text, it is written as it is when it
// would be JSON text anyway (structured, or a string); a scalar is sent as its typed value.
void key_value(ProtoWriter& out, std::uint32_t field_number, std::string_view key,
               const RecordedJson& value, ValueEncoding encoding) {
  const auto type = value.type();
  const bool as_text = type == nlohmann::json::value_t::object ||
                       (type == nlohmann::json::value_t::array && !encoding.array_as_array_value) ||
                       (type == nlohmann::json::value_t::string && encoding.string_as_json);
  if (!as_text) return key_value(out, field_number, key, value.tree(), encoding);
  const std::size_t kv = out.begin_message(field_number);
  out.utf8_field(field::kKeyValueKey, key);
  const std::size_t any = out.begin_message(field::kKeyValueValue);
  out.json_text_field(field::kAnyString, value);
  out.end_message(any);
  out.end_message(kv);
}

// One attribute value, by reference: a JSON value, or a span's recorded inputs or outputs.
struct AttributeValue {
  const nlohmann::json* json = nullptr;
  const RecordedJson* recorded = nullptr;
};

// The attributes of a span or resource, by reference: keys unique, a key set again replacing
// the earlier value in its place.
class AttributeList {
 public:
  void set(std::string_view key, const nlohmann::json* value) { set(key, AttributeValue{value, nullptr}); }
  void set(std::string_view key, const RecordedJson* value) { set(key, AttributeValue{nullptr, value}); }
  bool has(std::string_view key) const {
    return std::any_of(entries_.begin(), entries_.end(), [&](const auto& kv) { return kv.first == key; });
  }
  // Writes each attribute as a KeyValue of `field_number`.
  void write(ProtoWriter& w, std::uint32_t field_number, bool json_of_any_value_keys) const {
    for (const auto& [key, value] : entries_) {
      const ValueEncoding encoding{json_of_any_value_keys && holds_json_of_any_value(key), false};
      if (value.recorded != nullptr) {
        key_value(w, field_number, key, *value.recorded, encoding);
      } else {
        key_value(w, field_number, key, *value.json, encoding);
      }
    }
  }

 private:
  void set(std::string_view key, AttributeValue value) {
    for (auto& [k, v] : entries_)
      if (k == key) {
        v = value;
        return;
      }
    entries_.emplace_back(key, value);
  }
  std::vector<std::pair<std::string_view, AttributeValue>> entries_;
};

void encode_resource(ProtoWriter& w, const OtlpResource& resource) {
  const nlohmann::json service_name = resource.service_name;
  const nlohmann::json language = "cpp";
  const nlohmann::json sdk_name = kScopeName;
  const nlohmann::json sdk_version = MLFLOW_CPP_VERSION;
  AttributeList attributes;
  if (!resource.service_name.empty()) attributes.set("service.name", &service_name);
  attributes.set("telemetry.sdk.language", &language);
  attributes.set("telemetry.sdk.name", &sdk_name);
  attributes.set("telemetry.sdk.version", &sdk_version);
  for (const auto& [key, value] : resource.attributes) attributes.set(key, &value);
  attributes.write(w, field::kResourceAttributes, /*json_of_any_value_keys=*/false);
}

void encode_span(ProtoWriter& w, const SpanRecord& span, const TraceId& trace_id,
                 const std::string* tracestate, const OtlpEncodeOptions& options) {
  w.bytes_field(field::kSpanTraceId, to_bytes(trace_id));
  w.bytes_field(field::kSpanSpanId, to_bytes(span.span_id));
  if (tracestate != nullptr && !tracestate->empty()) w.utf8_field(field::kSpanTraceState, *tracestate);
  if (span.parent_span_id != 0)
    w.bytes_field(field::kSpanParentSpanId, to_bytes(span.parent_span_id));
  if (!span.name.empty()) w.utf8_field(field::kSpanName, span.name);
  // OTLP's SpanKind: SPAN_KIND_INTERNAL (1) to SPAN_KIND_CONSUMER (5), in mlflow::SpanKind's order.
  w.varint_field(field::kSpanKind, static_cast<std::uint64_t>(span.kind) + 1);
  w.fixed64_field(field::kSpanStartTime, static_cast<std::uint64_t>(span.start_unix_nano));
  w.fixed64_field(field::kSpanEndTime, static_cast<std::uint64_t>(span.end_unix_nano));

  // In this order: type, inputs, outputs, where the function comes from, the span's own (which
  // replace any of the earlier ones in place).
  const nlohmann::json span_type = span.span_type;
  AttributeList attributes;
  attributes.set("mlflow.spanType", &span_type);
  if (span.has_inputs) attributes.set("mlflow.spanInputs", &span.recorded_inputs());
  if (span.has_outputs) attributes.set("mlflow.spanOutputs", &span.outputs);
  std::vector<std::pair<std::string, nlohmann::json>> code;
  if (span.code.function_name != nullptr) {
    code.reserve(4);
    for_each_code_attribute(span, [&](std::string key, nlohmann::json value) {
      code.emplace_back(std::move(key), std::move(value));
    });
    for (const auto& [key, value] : code) attributes.set(key, &value);
  }
  for (const auto& [key, value] : span.attributes)
    if (key != "mlflow.traceRequestId") attributes.set(key, &value);
  attributes.write(w, field::kSpanAttributes, /*json_of_any_value_keys=*/true);
  if (options.genai_semconv) {
    for (const auto& [key, value] : genai_semconv_attributes(span))
      if (!attributes.has(key)) key_value(w, field::kSpanAttributes, key, value, {false, true});
  }

  for (const auto& event : span.events) {
    const std::size_t e = w.begin_message(field::kSpanEvents);
    w.fixed64_field(field::kEventTime, static_cast<std::uint64_t>(event.time_unix_nano));
    if (!event.name.empty()) w.utf8_field(field::kEventName, event.name);
    if (event.attributes.is_object())
      for (const auto& [key, value] : event.attributes.items())
        key_value(w, field::kEventAttributes, key, value, {});
    w.end_message(e);
  }

  for (const auto& link : span.links) {
    const std::size_t l = w.begin_message(field::kSpanLinks);
    w.bytes_field(field::kLinkTraceId, to_bytes(link.trace_id));
    w.bytes_field(field::kLinkSpanId, to_bytes(link.span_id));
    if (link.attributes.is_object())
      for (const auto& [key, value] : link.attributes.items())
        key_value(w, field::kLinkAttributes, key, value, {});
    w.end_message(l);
  }

  const std::size_t status = w.begin_message(field::kSpanStatus);
  if (!span.status_message.empty()) w.utf8_field(field::kStatusMessage, span.status_message);
  switch (span.status) {
    case SpanStatusCode::OK:
      w.varint_field(field::kStatusCode, kStatusCodeOk);
      break;
    case SpanStatusCode::ERROR:
      w.varint_field(field::kStatusCode, kStatusCodeError);
      break;
    case SpanStatusCode::UNSET:
      break;
  }
  w.end_message(status);
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

void ProtoWriter::utf8_field(std::uint32_t field, std::string_view text) {
  const std::size_t body = begin_message(field);
  append_valid_utf8(out_, text);
  end_message(body);
}

void ProtoWriter::json_text_field(std::uint32_t field, const nlohmann::json& value) {
  const std::size_t body = begin_message(field);
  append_json_text(out_, value);
  end_message(body);
}

void ProtoWriter::json_text_field(std::uint32_t field, const RecordedJson& value) {
  const std::size_t body = begin_message(field);
  value.append_text(out_);
  end_message(body);
}

std::size_t ProtoWriter::begin_message(std::uint32_t field) {
  tag(field, kLengthDelimited);
  out_.push_back('\0');
  return out_.size();
}

void ProtoWriter::end_message(std::size_t body_start) {
  std::uint64_t length = out_.size() - body_start;
  char bytes[10];
  std::size_t n = 0;
  while (length >= 0x80) {
    bytes[n++] = static_cast<char>((length & 0x7f) | 0x80);
    length >>= 7;
  }
  bytes[n++] = static_cast<char>(length);
  if (n > 1) out_.insert(body_start, n - 1, '\0');  // moves the body up
  std::memcpy(&out_[body_start - 1], bytes, n);
}

std::string encode_export_trace_service_request(const std::vector<const CompletedTrace*>& traces,
                                                const OtlpResource& resource,
                                                const OtlpEncodeOptions& options) {
  ProtoWriter w;
  std::size_t spans = 0;
  for (const CompletedTrace* trace : traces)
    if (trace != nullptr) spans += trace->spans.size();
  w.reserve(256 + spans * 512);
  const std::size_t resource_spans = w.begin_message(field::kRequestResourceSpans);
  const std::size_t resource_message = w.begin_message(field::kResourceSpansResource);
  encode_resource(w, resource);
  w.end_message(resource_message);
  const std::size_t scope_spans = w.begin_message(field::kResourceSpansScopeSpans);
  const std::size_t scope = w.begin_message(field::kScopeSpansScope);
  w.bytes_field(field::kScopeName, kScopeName);
  w.bytes_field(field::kScopeVersion, MLFLOW_CPP_VERSION);
  w.end_message(scope);
  for (const CompletedTrace* trace : traces) {
    if (trace == nullptr) continue;
    for (const auto& span : trace->spans) {
      const std::size_t s = w.begin_message(field::kScopeSpansSpans);
      encode_span(w, *span, trace->trace_id, trace->tracestate.get(), options);
      w.end_message(s);
    }
  }
  w.end_message(scope_spans);
  w.end_message(resource_spans);
  return w.take();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
