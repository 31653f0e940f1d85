// protobuf_time.h: protobuf's Timestamp and Duration in their JSON mapping, both ways: what
// trace_info_to_dict and the line writer write (request_time), what StartTraceV3 takes
// (execution_duration), and what the query client reads back from the server.
#ifndef MLFLOW_RUNTIME_PROTOBUF_TIME_H
#define MLFLOW_RUNTIME_PROTOBUF_TIME_H

#include <mlflow/version.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// "2026-11-25T03:50:31.422Z": a protobuf Timestamp's JSON form at millisecond precision.
std::string rfc3339_millis(std::int64_t unix_millis);
// The same, quoted, appended to `out`; without snprintf for years 1970 to 9999.
void append_quoted_rfc3339_millis(TextBuffer& out, std::int64_t unix_millis);

// "1.500s": a protobuf Duration's JSON form for `ms` milliseconds.
std::string duration_text(std::int64_t ms);

// A protobuf Timestamp in JSON (RFC 3339: "2025-11-24T16:00:00.123Z", or with an offset) as
// milliseconds since the epoch, truncated as Python's Timestamp.ToMilliseconds() does.
std::optional<std::int64_t> parse_timestamp_ms(std::string_view text);
// A protobuf Duration in JSON ("0.532s", "12s", "-1.5s") in milliseconds, truncated toward zero
// as Python's Duration.ToMilliseconds() does.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_PROTOBUF_TIME_H
