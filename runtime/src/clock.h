// clock.h: wall-clock time in Unix nanoseconds, the unit of MLflow's span timestamps.
#ifndef MLFLOW_RUNTIME_CLOCK_H
#define MLFLOW_RUNTIME_CLOCK_H

#include <mlflow/version.h>

#include <cstdint>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::int64_t now_unix_nanos() noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CLOCK_H
