// trace_from_dict.h: a stored trace dict (trace_dict.h's shape, as the local store keeps it)
// back as a CompletedTrace.
#ifndef MLFLOW_RUNTIME_TRACE_FROM_DICT_H
#define MLFLOW_RUNTIME_TRACE_FROM_DICT_H

#include <mlflow/version.h>

#include <memory>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The spans of a trace dict (trace_to_dict's shape, as the local store keeps it) back as a
// CompletedTrace, for sending a stored trace to a server later (`mlflow-cpp push`): ids from
// base64, every attribute value parsed from its JSON text, mlflow.spanType/Inputs/Outputs into
// their fields. The annotations stay empty (the stored info is sent as it is). Throws
// std::runtime_error naming what is malformed.
std::unique_ptr<CompletedTrace> completed_trace_from_dict(const nlohmann::json& trace_dict);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_FROM_DICT_H
