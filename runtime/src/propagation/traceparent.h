// traceparent.h: the W3C Trace Context `traceparent` header value, written and read
// (https://www.w3.org/TR/trace-context/#traceparent-header).
//
//   00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
//   version, trace id (32 hex), the caller's span id (16 hex), flags (bit 0: sampled)
//
// This is how one traced service tells the next which trace a request belongs to
// (mlflow/propagation.h); OpenTelemetry and MLflow's Python client speak the same header.
// Reading follows the spec's rules for a receiver: lower-case hex only, version ff and all-zero
// ids are invalid, version 00 is exactly 55 characters, and a higher version is read as far as
// version 00 goes, provided what follows the flags is a '-'. Leading and trailing spaces and
// tabs (HTTP's optional whitespace) are ignored.
#ifndef MLFLOW_RUNTIME_TRACEPARENT_H
#define MLFLOW_RUNTIME_TRACEPARENT_H

#include <mlflow/version.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct TraceParent {
  TraceId trace_id;
  SpanId parent_span_id = 0;  // the span, in the calling process, that the request comes from
  bool sampled = false;       // flags bit 0: the caller records this trace
};

// "00-<32 hex>-<16 hex>-01" (or "-00" when not sampled).
std::string format_traceparent(const TraceParent& parent);

// The fields of a valid header value; nothing for an invalid one.
std::optional<TraceParent> parse_traceparent(std::string_view value) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACEPARENT_H
