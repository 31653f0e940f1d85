// trace_size.h: about how much memory a completed trace holds, for the export queue's memory
// budget (MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES): the records, their strings and their JSON values,
// counted with the allocator's usual overheads. An estimate that errs high, computed once per
// trace when its root span ends.
#ifndef MLFLOW_RUNTIME_TRACE_SIZE_H
#define MLFLOW_RUNTIME_TRACE_SIZE_H

#include <mlflow/version.h>

#include <cstddef>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::size_t approximate_bytes(const nlohmann::json& value) noexcept;
std::size_t approximate_bytes(const CompletedTrace& trace) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_SIZE_H
