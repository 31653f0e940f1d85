// span_fields.h: MLflow's spelling of the span fields that are not plain values: the status
// code names and the span log level, shared by the dict writer (trace_dict.h), the line writer
// (trace_line_writer.h) and the parser (trace_from_dict.h).
#ifndef MLFLOW_RUNTIME_SPAN_FIELDS_H
#define MLFLOW_RUNTIME_SPAN_FIELDS_H

#include <mlflow/version.h>

#include <string_view>

#include <mlflow/span_type.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// MLflow's SpanLogLevel values.
inline constexpr int kLogLevelDebug = 10;
inline constexpr int kLogLevelInfo = 20;
inline constexpr int kLogLevelError = 40;

// MLflow's default_log_level_for_span_type (custom span types are DEBUG).
int default_log_level(std::string_view span_type);

// "STATUS_CODE_OK", "STATUS_CODE_ERROR", "STATUS_CODE_UNSET".
const char* status_code_name(SpanStatusCode code);
// The other way, also accepting the short names ("OK", "ERROR"); UNSET for anything else.
SpanStatusCode status_code_from_name(std::string_view name);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPAN_FIELDS_H
