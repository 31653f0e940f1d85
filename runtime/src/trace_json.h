// trace_json.h: completed traces in MLflow's JSON shapes.
//
//   span_to_dict        Span.to_dict(): ids in base64, every attribute value as JSON text
//   trace_info_to_dict  TraceInfo.to_dict(): the TraceInfoV3 proto as a dict, with
//                       execution_duration_ms in place of the Duration
//   trace_to_dict       Trace.to_dict(): {"info": ..., "data": {"spans": [...]}}, the shape
//                       Trace.from_json reads back and the local store's line format
#ifndef MLFLOW_RUNTIME_TRACE_JSON_H
#define MLFLOW_RUNTIME_TRACE_JSON_H

#include <mlflow/version.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "completed_trace.h"
#include "trace_info.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

nlohmann::json span_to_dict(const SpanRecord& span, const TraceId& trace_id);
nlohmann::json trace_info_to_dict(const TraceInfo& info);
nlohmann::json trace_to_dict(const CompletedTrace& trace);

// trace_to_dict as one line of compact JSON text, valid UTF-8, without the newline.
std::string trace_to_json_line(const CompletedTrace& trace);

// The spans of a trace dict (trace_to_dict's shape, as the local store keeps it) back as a
// CompletedTrace, for sending a stored trace to a server later (`mlflow-cpp push`): ids from
// base64, every attribute value parsed from its JSON text, mlflow.spanType/Inputs/Outputs into
// their fields. The annotations stay empty (the stored info is sent as it is). Throws
// std::runtime_error naming what is malformed.
std::unique_ptr<CompletedTrace> completed_trace_from_dict(const nlohmann::json& trace_dict);

// "2026-11-25T03:50:31.422Z": a protobuf Timestamp's JSON form at millisecond precision.
std::string rfc3339_millis(std::int64_t unix_millis);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_JSON_H
