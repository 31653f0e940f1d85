// stack_trace.h: the calling thread's stack as text, for an `exception` event's
// `exception.stacktrace`.
//
// C++ keeps no record of where an exception was thrown, so this is the stack where the
// exception is recorded: for a traced function, the function the exception is leaving and its
// callers. Frames inside the runtime itself are left out. Names are demangled where the
// program exports them (link with -rdynamic for the functions of an executable).
#ifndef MLFLOW_RUNTIME_STACK_TRACE_H
#define MLFLOW_RUNTIME_STACK_TRACE_H

#include <string>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::string current_stack_trace();

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_STACK_TRACE_H
