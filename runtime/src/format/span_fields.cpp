// span_fields.cpp: see span_fields.h.
#include "format/span_fields.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// MLflow's default_log_level_for_span_type (custom span types are DEBUG).
int default_log_level(std::string_view span_type) {
#define MLFLOW_SPAN_TYPE(NAME, LEVEL) \
  if (span_type == #NAME) return std::string_view(#LEVEL) == "INFO" ? kLogLevelInfo : kLogLevelDebug;
#include <mlflow/span_types.def>
  return kLogLevelDebug;
}

const char* status_code_name(SpanStatusCode code) {
  switch (code) {
    case SpanStatusCode::OK:
      return "STATUS_CODE_OK";
    case SpanStatusCode::ERROR:
      return "STATUS_CODE_ERROR";
    case SpanStatusCode::UNSET:
      break;
  }
  return "STATUS_CODE_UNSET";
}

SpanStatusCode status_code_from_name(std::string_view name) {
  if (name == "STATUS_CODE_OK" || name == "OK") return SpanStatusCode::OK;
  if (name == "STATUS_CODE_ERROR" || name == "ERROR") return SpanStatusCode::ERROR;
  return SpanStatusCode::UNSET;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
