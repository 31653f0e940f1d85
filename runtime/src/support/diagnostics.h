// diagnostics.h: how the runtime talks to the person running the program.
//
// Tracing must never break or flood the traced program, so problems (a bad environment value,
// a store that cannot be written, dropped spans) are reported on stderr, prefixed with
// "mlflow-cpp:", and repeated problems only once per process.
#ifndef MLFLOW_RUNTIME_DIAGNOSTICS_H
#define MLFLOW_RUNTIME_DIAGNOSTICS_H

#include <mlflow/version.h>

#include <string_view>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void warn(std::string_view message) noexcept;

// Reports `message` the first time `key` is seen in this process.
void warn_once(std::string_view key, std::string_view message) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_DIAGNOSTICS_H
