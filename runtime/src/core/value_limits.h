// value_limits.h: the bounds on each recorded input and output value (support/json_limits.h),
// as configured (MLFLOW_CPP_MAX_VALUE_BYTES, MLFLOW_CPP_MAX_VALUE_ITEMS). The capture entry
// points (capture/) and the span setters (span.cpp) apply them to every value they record.
#ifndef MLFLOW_RUNTIME_VALUE_LIMITS_H
#define MLFLOW_RUNTIME_VALUE_LIMITS_H

#include <mlflow/version.h>

#include "support/json_limits.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The process runtime's limits (defined in span.cpp, which reads the runtime's configuration).
JsonLimits recorded_value_limits() noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_VALUE_LIMITS_H
