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
// service), mlflow/tracing.h (switches, the current trace), mlflow/detail/prelude.h (what the
// plugin's generated code calls).
//
// Not included: <mlflow/capture.h>, how C++ values become JSON, with nlohmann/json. Include it
// where spans are given JSON values (`span.set_inputs({{"query", q}})`, values of your own
// types); booleans, numbers and strings need nothing more. The Clang plugin adds what its
// generated captures need by itself, after the file's last line.
#ifndef MLFLOW_TRACE_H
#define MLFLOW_TRACE_H

#include <mlflow/attributes.h>
#include <mlflow/context.h>
#include <mlflow/detail/prelude.h>
#include <mlflow/propagation.h>
#include <mlflow/span.h>
#include <mlflow/span_type.h>
#include <mlflow/tracing.h>
#include <mlflow/version.h>

#endif  // MLFLOW_TRACE_H
