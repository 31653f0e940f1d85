// mlflow/trace.h: the one header a traced program includes.
//
//   #include <mlflow/trace.h>
//
//   MLFLOW_TRACE(TOOL) std::string search(const std::string& query);   // with the Clang plugin
//
//   auto span = mlflow::start_span("step", mlflow::SpanType::CHAIN);     // manual spans
//
// Pieces: mlflow/attributes.h (the annotation macros), mlflow/span.h (spans),
// mlflow/context.h (cross-thread context), mlflow/propagation.h (continuing a trace in another
// service), mlflow/tracing.h (switches, the current trace), mlflow/capture.h (how C++ values
// become span inputs and outputs).
#ifndef MLFLOW_TRACE_H
#define MLFLOW_TRACE_H

#include <mlflow/attributes.h>
#include <mlflow/capture.h>
#include <mlflow/context.h>
#include <mlflow/detail/function_span.h>
#include <mlflow/propagation.h>
#include <mlflow/span.h>
#include <mlflow/span_type.h>
#include <mlflow/tracing.h>
#include <mlflow/version.h>

#endif  // MLFLOW_TRACE_H
