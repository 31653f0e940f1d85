// mlflow/tracing.h: process-wide switches and the current trace, mirroring MLflow's Python API
// (mlflow.tracing.enable/disable, mlflow.update_current_trace, mlflow.get_active_trace_id,
// mlflow.get_last_active_trace_id, mlflow.get_current_active_span), and what tracing kept and lost (mlflow::tracing::stats()).
//
// Configuration is read from the environment the first time tracing is used:
//   MLFLOW_TRACE_SAMPLING_RATIO   fraction of traces recorded (root spans decide; default 1.0)
//   MLFLOW_CPP_TRACE_DIR          where the local trace store writes (default ./mlflow-traces)
//   MLFLOW_CPP_FLUSH_TIMEOUT_MS   how long flush(), and the flush at exit, may wait (default 10000)
//   MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE  completed traces waiting for export (default 1000)
// docs/configuration.md lists them all.
#ifndef MLFLOW_TRACING_H
#define MLFLOW_TRACING_H

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <mlflow/span.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

namespace tracing {
// Turn recording on or off for the whole process. While off, starting a span costs one relaxed
// atomic load and nothing is recorded. Spans already started finish normally.
MLFLOW_API void enable() noexcept;
MLFLOW_API void disable() noexcept;
MLFLOW_API bool is_enabled() noexcept;

// Blocks until every trace completed before the call has been exported, or the timeout passes.
// Returns true when everything was exported. Also runs at normal process exit.
MLFLOW_API bool flush(std::chrono::milliseconds timeout) noexcept;
// The same with the configured deadline (MLFLOW_CPP_FLUSH_TIMEOUT_MS).
MLFLOW_API bool flush() noexcept;

// Opt-in: when the process gets SIGTERM or SIGINT, first flush (within the configured deadline),
// then end as the signal would have (the program's own handler, or the default action). A
// signal the program ignores stays ignored. MLFLOW_CPP_FLUSH_ON_SIGNAL=1 does the same from the
// start. Returns false when it could not be set up (said once on stderr).
MLFLOW_API bool flush_on_signals() noexcept;

// What tracing kept and what it lost in this process so far: for a health check or a metric.
// Nothing is lost silently: each kind of loss is also said once on stderr.
struct Stats {
  // Traces whose root span ended, handed to export.
  std::uint64_t traces_completed = 0;
  // Of those, traces the export queue had no room for (MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE,
  // or the memory budget MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES), written to the local store by the
  // thread that completed them instead: in the store, or for a tracking server in its
  // undelivered traces, which `mlflow-cpp push` delivers (docs/local-store.md).
  std::uint64_t traces_spilled = 0;
  // Traces lost: the queue was full and they could not be spilled (MLFLOW_CPP_SPILL_MAX_BYTES
  // used up, an OpenTelemetry collector as the only destination, a write that failed), or they
  // completed after the final flush and could not be spilled; and traces not recorded at all
  // because the memory budget was full when they began.
  std::uint64_t traces_dropped = 0;
  // Spans not recorded because their trace reached MLFLOW_CPP_MAX_SPANS_PER_TRACE or
  // MLFLOW_CPP_MAX_TRACE_BYTES, or the memory budget was full (each such span's own callees
  // are not counted: they run unrecorded under it). Their traces carry a tag that says so.
  std::uint64_t spans_left_out = 0;
};
MLFLOW_API Stats stats() noexcept;
}  // namespace tracing

// What update_current_trace() changes (the parameters of Python's mlflow.update_current_trace);
// fields left empty are left alone. Named setters for C++17:
//   mlflow::update_current_trace(mlflow::TraceUpdate().set_session_id("s-1").set_tag("env", "dev"));
// and, being an aggregate, designated initializers in C++20:
//   mlflow::update_current_trace({.session_id = "s-1"});
struct TraceUpdate {
  std::map<std::string, std::string> tags;
  std::map<std::string, std::string> metadata;
  std::optional<std::string> client_request_id;
  std::optional<std::string> request_preview;
  std::optional<std::string> response_preview;
  std::optional<std::string> session_id;  // metadata mlflow.trace.session
  std::optional<std::string> user;        // metadata mlflow.trace.user
  std::optional<std::string> model_id;    // metadata mlflow.modelId
  // The trace's state (Python's TraceState "OK" or "ERROR"), in place of the one its root span's
  // status gives; UNSET leaves it to the root span.
  std::optional<SpanStatusCode> state;

  TraceUpdate& set_tag(std::string key, std::string value) {
    tags[std::move(key)] = std::move(value);
    return *this;
  }
  TraceUpdate& set_metadata(std::string key, std::string value) {
    metadata[std::move(key)] = std::move(value);
    return *this;
  }
  TraceUpdate& set_client_request_id(std::string id) {
    client_request_id = std::move(id);
    return *this;
  }
  TraceUpdate& set_request_preview(std::string preview) {
    request_preview = std::move(preview);
    return *this;
  }
  TraceUpdate& set_response_preview(std::string preview) {
    response_preview = std::move(preview);
    return *this;
  }
  TraceUpdate& set_session_id(std::string id) {
    session_id = std::move(id);
    return *this;
  }
  TraceUpdate& set_user(std::string name) {
    user = std::move(name);
    return *this;
  }
  TraceUpdate& set_model_id(std::string id) {
    model_id = std::move(id);
    return *this;
  }
  TraceUpdate& set_state(SpanStatusCode code) {
    state = code;
    return *this;
  }
};

// Updates the trace of the current span; does nothing when no trace is being recorded.
MLFLOW_API void update_current_trace(const TraceUpdate& update) noexcept;

// The id ("tr-...") of the trace the current span of this thread belongs to, if it is being
// recorded (Python's mlflow.get_active_trace_id).
MLFLOW_API std::optional<std::string> get_active_trace_id();

// The id ("tr-...") of the trace whose root span ended last in this process, if any.
MLFLOW_API std::optional<std::string> get_last_active_trace_id();

// The current span of this thread (an inert SpanRef when there is none).
MLFLOW_API SpanRef get_current_active_span() noexcept;

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_TRACING_H
