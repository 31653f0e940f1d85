// otlp_encoding.h: completed traces as OTLP/protobuf, the body of `POST /v1/traces`.
//
// The bytes of opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest, written by hand
// (the runtime links no protobuf library): one ResourceSpans, one ScopeSpans ("mlflow-cpp",
// MLFLOW_CPP_VERSION), and every span of every trace given.
//
// Attribute values follow the contract (docs: mlflow-contract.md §1.3, §9), so that MLflow's
// ingest (Span.from_otel_proto, then the store's sanitize_attributes) reads back what the
// Python client would have written:
//   * plain strings (mlflow.spanType, model names, ...) raw in string_value, not JSON-quoted;
//   * objects and arrays, and strings under the keys that hold JSON of any value
//     (mlflow.spanInputs, mlflow.spanOutputs, mlflow.chat.tokenUsage, mlflow.chat.tools,
//     mlflow.llm.cost), as JSON text (to_json_text) in string_value;
//   * bools, integers and doubles as bool_value, int_value, double_value; null as an empty
//     AnyValue (MLflow reads it as None);
//   * mlflow.traceRequestId is never sent (the server derives it from the trace id).
// Event attributes keep native types (structured ones as JSON text). All text is valid UTF-8.
// For a generic OpenTelemetry collector (OtlpEncodeOptions::genai_semconv), spans of GenAI types
// also carry the gen_ai.* attributes of otlp_genai.h, after the mlflow.* ones.
#ifndef MLFLOW_RUNTIME_OTLP_ENCODING_H
#define MLFLOW_RUNTIME_OTLP_ENCODING_H

#include <mlflow/version.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "core/completed_trace.h"
#include "core/recorded_json.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The Resource of the request: service.name, then telemetry.sdk.{language,name,version}, then
// `attributes` in order (a key given again there replaces the earlier value).
struct OtlpResource {
  std::string service_name = "unknown_service";  // left out when empty
  std::vector<std::pair<std::string, nlohmann::json>> attributes;

  // The resource the settings name (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES). With no
  // service named: "unknown_service" for a collector, as OpenTelemetry SDKs send, and none for
  // MLflow (`name_unknown_service` false), which would make a placeholder a trace tag.
  static OtlpResource of(const OtlpSettings& settings, bool name_unknown_service) {
    OtlpResource resource;
    if (!settings.service_name.empty() || !name_unknown_service)
      resource.service_name = settings.service_name;
    for (const auto& [key, value] : settings.resource_attributes)
      resource.attributes.emplace_back(key, value);
    return resource;
  }
};

// The protobuf wire format, appended to a string: just what OTLP needs.
class ProtoWriter {
 public:
  enum WireType : std::uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2 };

  void varint(std::uint64_t value);
  void tag(std::uint32_t field, WireType type) { varint((std::uint64_t{field} << 3) | type); }

  // Each writes the field even when its value is the default (callers leave defaults out where
  // proto3 would; a oneof member must be written to be set).
  void varint_field(std::uint32_t field, std::uint64_t value);
  void int64_field(std::uint32_t field, std::int64_t value) {
    varint_field(field, static_cast<std::uint64_t>(value));  // two's complement, 10 bytes if < 0
  }
  void bool_field(std::uint32_t field, bool value) { varint_field(field, value ? 1 : 0); }
  void fixed64_field(std::uint32_t field, std::uint64_t value);
  void double_field(std::uint32_t field, double value);
  void bytes_field(std::uint32_t field, std::string_view bytes);
  void message_field(std::uint32_t field, const ProtoWriter& message) {
    bytes_field(field, message.bytes());
  }
  // A string field whose bytes are made valid UTF-8 on the way (U+FFFD for invalid ones).
  void utf8_field(std::uint32_t field, std::string_view text);
  // A string field holding `value` as JSON text (json_text.h), written in place.
  void json_text_field(std::uint32_t field, const nlohmann::json& value);
  void json_text_field(std::uint32_t field, const RecordedJson& value);

  // A nested message written in place, with no buffer of its own: begin_message writes the tag
  // and a one-byte length; end_message(begin_message(...)) sets the length, widening it (and
  // moving the body up) when the body is 128 bytes or longer.
  std::size_t begin_message(std::uint32_t field);
  void end_message(std::size_t body_start);
  void reserve(std::size_t n) { out_.reserve(n); }

  const std::string& bytes() const noexcept { return out_; }
  std::string take() noexcept { return std::move(out_); }

 private:
  std::string out_;
};

// How spans are written, by destination.
struct OtlpEncodeOptions {
  // Also give each span of a GenAI span type the OpenTelemetry GenAI semantic-convention
  // attributes (otlp_genai.h), after the mlflow.* ones: for generic OpenTelemetry collectors.
  // A key the span already has keeps the span's value. String lists among them (finish
  // reasons, stop sequences) are sent as array AnyValues, as the conventions type them.
  // Off for the MLflow server, which must get only the mlflow.* keys (mlflow-contract.md §1.4:
  // with both, its UI shows every message twice).
  bool genai_semconv = false;
};

std::string encode_export_trace_service_request(const std::vector<const CompletedTrace*>& traces,
                                                const OtlpResource& resource,
                                                const OtlpEncodeOptions& options = {});

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_OTLP_ENCODING_H
