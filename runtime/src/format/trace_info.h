// trace_info.h: the trace-level record MLflow keeps beside the spans (its TraceInfo), derived
// from a completed trace the way MLflow's Python client derives it when a root span ends:
// request/response previews from the root span (the last user/assistant message for chat
// shapes), token usage summed over the span tree without double counting, the trace name tag,
// the source and schema metadata, and what update_current_trace() set.
//
// One derivation serves every destination (the local store now, the MLflow server's
// StartTraceV3 later), so they can never disagree.
#ifndef MLFLOW_RUNTIME_TRACE_INFO_H
#define MLFLOW_RUNTIME_TRACE_INFO_H

#include <mlflow/version.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// MLflow's limits (mlflow/tracing/constant.py).
inline constexpr std::size_t kMaxPreviewChars = 1000;  // TRACE_REQUEST_RESPONSE_PREVIEW_MAX_LENGTH_OSS
inline constexpr std::size_t kMaxMetadataChars = 250;  // MAX_CHARS_IN_TRACE_INFO_METADATA

struct TraceInfo {
  std::string trace_id;  // "tr-<32 hex>"
  std::string experiment_id;
  std::optional<std::string> client_request_id;
  std::int64_t request_time_ms = 0;
  std::int64_t execution_duration_ms = 0;
  std::string state;  // "OK" or "ERROR"
  std::optional<std::string> request_preview;
  std::optional<std::string> response_preview;
  std::map<std::string, std::string> trace_metadata;
  std::map<std::string, std::string> tags;
};

TraceInfo derive_trace_info(const CompletedTrace& trace);

// The pieces, for tests and for other destinations.

// Python's _get_truncated_preview: `value` is the root span's inputs or outputs; role is "user"
// for the request and "assistant" for the response.
std::string preview_of(const nlohmann::json& value, std::string_view role);
void append_preview_of(std::string& out, const nlohmann::json& value, std::string_view role);

// The trace's request (response: true) preview, appended to `out`: the one update_current_trace()
// set, else preview_of the root span's inputs (outputs). False, nothing appended, when it has
// none. derive_trace_info and the local store's line writer (trace_line_writer.h) both use these
// pieces, so they cannot disagree.
bool append_trace_preview(std::string& out, const CompletedTrace& trace, bool response);
// The metadata mlflow.traceInputs (outputs: mlflow.traceOutputs): the root span's JSON text,
// truncated to kMaxMetadataChars; nothing when it has none.
void append_trace_io_metadata(std::string& out, const SpanRecord& root, bool outputs);
// The metadata mlflow.user (Python's getpass.getuser()) and mlflow.source.name (the program).
std::string trace_user_name();
const std::string& trace_source_name();

// Python's aggregate_usage_from_spans: the sum of `mlflow.chat.tokenUsage` over the span tree,
// counting a span only when no ancestor has usage. Null when no span has any.
nlohmann::json aggregate_token_usage(const CompletedTrace& trace);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_INFO_H
