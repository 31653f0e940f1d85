// ids.h: trace and span identifiers, and their spellings.
//
// A trace id is 128 random bits, a span id 64 random bits (never zero), as in OpenTelemetry.
// MLflow spells them three ways: "tr-" + 32 lowercase hex digits (the trace id users see),
// 16 hex digits (span ids in the REST API), and base64 of the big-endian bytes (inside
// `Span.to_dict()`, i.e. traces.json and our local store).
#ifndef MLFLOW_RUNTIME_IDS_H
#define MLFLOW_RUNTIME_IDS_H

#include <mlflow/version.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct TraceId {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  bool operator==(const TraceId& other) const noexcept {
    return high == other.high && low == other.low;
  }
};

using SpanId = std::uint64_t;  // 0 means "none" (a root span's parent)

// Fresh random ids from a per-thread generator seeded from std::random_device.
TraceId new_trace_id() noexcept;
SpanId new_span_id() noexcept;

std::string to_hex(const TraceId& id);  // 32 lowercase hex digits
std::string to_hex(SpanId id);          // 16 lowercase hex digits
std::string mlflow_trace_id(const TraceId& id);  // "tr-" + to_hex(id)
std::string to_bytes(const TraceId& id);   // the 16 big-endian bytes (OTLP's trace_id)
std::string to_bytes(SpanId id);           // the 8 big-endian bytes (OTLP's span_id)
std::string to_base64(const TraceId& id);  // base64 of the 16 big-endian bytes
std::string to_base64(SpanId id);          // base64 of the 8 big-endian bytes

// Ids in big-endian byte order (OTLP, base64 and W3C bytes): the word of up to 8 bytes, and a
// word's 8 bytes written to `out`.
std::uint64_t big_endian_word(std::string_view bytes) noexcept;
void put_big_endian(std::uint64_t word, unsigned char* out) noexcept;

// The reverse of to_hex and mlflow_trace_id: exactly 32 (16) hex digits, either case, not all
// zero; a trace id may have MLflow's "tr-" in front.
std::optional<TraceId> trace_id_from_hex(std::string_view hex) noexcept;
std::optional<SpanId> span_id_from_hex(std::string_view hex) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_IDS_H
