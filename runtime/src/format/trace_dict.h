// trace_dict.h: completed traces in MLflow's JSON shapes, as nlohmann trees (the reference the
// line writer, trace_line_writer.h, is tested against byte for byte).
//
//   span_to_dict        Span.to_dict(): ids in base64, every attribute value as JSON text
//   trace_info_to_dict  TraceInfo.to_dict(): the TraceInfoV3 proto as a dict, with
//                       execution_duration_ms in place of the Duration
//   trace_to_dict       Trace.to_dict(): {"info": ..., "data": {"spans": [...]}}, the shape
//                       Trace.from_json reads back and the local store's line format
#ifndef MLFLOW_RUNTIME_TRACE_DICT_H
#define MLFLOW_RUNTIME_TRACE_DICT_H

#include <mlflow/version.h>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"
#include "format/trace_info.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

nlohmann::json span_to_dict(const SpanRecord& span, const TraceId& trace_id);
nlohmann::json trace_info_to_dict(const TraceInfo& info);
nlohmann::json trace_to_dict(const CompletedTrace& trace);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_DICT_H
