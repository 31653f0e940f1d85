// mlflow/span_type.h: MLflow's span types and span status codes.
#ifndef MLFLOW_SPAN_TYPE_H
#define MLFLOW_SPAN_TYPE_H

#include <cstdint>
#include <optional>
#include <string_view>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

// The 15 span types MLflow knows (mlflow.entities.SpanType). The names are the wire values.
enum class SpanType : std::uint8_t {
#define MLFLOW_SPAN_TYPE(NAME, LEVEL) NAME,
#include <mlflow/span_types.def>
};

constexpr std::string_view to_string(SpanType type) noexcept {
  switch (type) {
#define MLFLOW_SPAN_TYPE(NAME, LEVEL) \
  case SpanType::NAME:                \
    return #NAME;
#include <mlflow/span_types.def>
  }
  return "UNKNOWN";
}

// The span type with this exact (upper-case) name, if there is one.
constexpr std::optional<SpanType> span_type_from_string(std::string_view name) noexcept {
#define MLFLOW_SPAN_TYPE(NAME, LEVEL) \
  if (name == #NAME) return SpanType::NAME;
#include <mlflow/span_types.def>
  return std::nullopt;
}

// MLflow's SpanStatusCode. A span that ends while UNSET is recorded as OK, as MLflow does.
enum class SpanStatusCode : std::uint8_t { UNSET, OK, ERROR };

constexpr std::string_view to_string(SpanStatusCode code) noexcept {
  switch (code) {
    case SpanStatusCode::OK:
      return "OK";
    case SpanStatusCode::ERROR:
      return "ERROR";
    case SpanStatusCode::UNSET:
      break;
  }
  return "UNSET";
}

// OpenTelemetry's SpanKind. Spans are INTERNAL unless started with another (SpanOptions). The
// kind reaches OTLP destinations (an OpenTelemetry collector, MLflow's /v1/traces); MLflow's span
// JSON (the local store, mlflow.get_trace) has no field for it.
enum class SpanKind : std::uint8_t { INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER };

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_SPAN_TYPE_H
