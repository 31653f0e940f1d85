// foreign_context.h: the hook of a bridge to another tracing library's context
// (mlflow/detail/foreign_context.h), as span starts read it (span.cpp).
#ifndef MLFLOW_RUNTIME_FOREIGN_CONTEXT_H
#define MLFLOW_RUNTIME_FOREIGN_CONTEXT_H

#include <mlflow/detail/foreign_context.h>
#include <mlflow/version.h>

#include <atomic>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Null until a bridge installs its hook: then one relaxed load per span start finds it.
extern std::atomic<ForeignParentHook> g_foreign_parent;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_FOREIGN_CONTEXT_H
