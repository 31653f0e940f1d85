// mlflow/tracing.h: process-wide switches and the current trace, mirroring MLflow's Python API
// (mlflow.tracing.enable/disable, mlflow.update_current_trace, mlflow.get_active_trace_id,
// mlflow.get_last_active_trace_id, mlflow.get_current_active_span), and what tracing kept and lost (mlflow::tracing::stats()).
//
// Configuration is read from the environment the first time tracing is used:
//   MLFLOW_TRACE_SAMPLING_RATIO   fraction of traces recorded (root spans decide; default 1.0)
//   MLFLOW_CPP_TRACE_DIR          where the local trace store writes (default ./mlflow-traces)
//   MLFLOW_CPP_FLUSH_TIMEOUT_MS   how long flush(), and the flush at exit, may wait (default 10000)
//   MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE  completed traces waiting for export (default 1000)
// docs/configuration.md lists them all. Where traces go can also be set from code: set_tracking_uri,
// set_experiment, tracing::set_destination (below).
#ifndef MLFLOW_TRACING_H
#define MLFLOW_TRACING_H

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <mlflow/span.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

namespace detail {
struct CompletedTrace;
}  // namespace detail

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
  // Calls made through a SpanRef after its span had ended: each did nothing (mlflow/span.h).
  std::uint64_t stale_span_refs = 0;
};
MLFLOW_API Stats stats() noexcept;

// A span on its way to export, as a span processor sees and changes it (Python's LiveSpan in a
// span processor of mlflow.tracing.configure). Values are JSON text, in MLflow's spelling;
// setting one replaces it. Valid only during the processor's call.
class MLFLOW_API ProcessedSpan {
 public:
  std::string name() const;
  std::string span_type() const;
  std::string trace_id() const;  // "tr-<32 hex>"
  std::string span_id() const;   // 16 hex digits
  // "" when none was recorded.
  std::string inputs_json() const;
  std::string outputs_json() const;
  // The attribute's value, or nothing when it is not set.
  std::optional<std::string> attribute_json(std::string_view key) const;
  std::vector<std::string> attribute_keys() const;

  void set_name(std::string_view name) noexcept;
  // Text that is not valid JSON is kept as a JSON string, as SpanRef's setters keep it.
  void set_inputs_json(std::string_view json) noexcept;
  void set_outputs_json(std::string_view json) noexcept;
  void set_attribute_json(std::string_view key, std::string_view json) noexcept;
  void remove_attribute(std::string_view key) noexcept;
  // The same with any value, as mlflow::capture() records it (booleans, numbers and strings
  // need only this header).
  template <class T = nlohmann::json>
  void set_inputs(const T& inputs) noexcept {
    set_inputs_json(detail::json_text_or_empty(inputs));
  }
  template <class T = nlohmann::json>
  void set_outputs(const T& outputs) noexcept {
    set_outputs_json(detail::json_text_or_empty(outputs));
  }
  template <class T = nlohmann::json>
  void set_attribute(std::string_view key, const T& value) noexcept {
    set_attribute_json(key, detail::json_text_or_empty(value));
  }

  ProcessedSpan(detail::SpanRecord& record, const detail::CompletedTrace& trace) noexcept
      : record_(&record), trace_(&trace) {}

 private:
  detail::SpanRecord* record_;
  const detail::CompletedTrace* trace_;
};

// A function that sees, and may change, every span before it is exported: to mask what must not
// leave the process, or to drop bulky values. Called on the export thread (or, when the export
// queue is full, on the thread that keeps the trace locally), for each span of each trace, in
// the order given, before secrets are masked (MLFLOW_CPP_MASK_SECRETS). An exception it throws
// is reported once on stderr and the span goes on as it is. It must not start spans itself.
using SpanProcessor = std::function<void(ProcessedSpan&)>;

// Python's mlflow.tracing.configure(span_processors=...).
struct TracingConfig {
  std::vector<SpanProcessor> span_processors;
};

// Replaces the span processors, for traces exported from now on (any time, before or after the
// first span). configure({}) removes them.
MLFLOW_API void configure(const TracingConfig& config) noexcept;

// The same for a scope (Python's `with mlflow.tracing.configure(...):`): the processors in place
// before it come back when it ends. Scopes end in the reverse order of their start.
class [[nodiscard]] MLFLOW_API ConfigureScope {
 public:
  ConfigureScope(ConfigureScope&& other) noexcept : previous_(std::move(other.previous_)),
                                                   active_(std::exchange(other.active_, false)) {}
  ConfigureScope& operator=(ConfigureScope&&) = delete;
  ConfigureScope(const ConfigureScope&) = delete;
  ~ConfigureScope();

 private:
  friend ConfigureScope configure_scope(const TracingConfig& config) noexcept;
  ConfigureScope(std::shared_ptr<const void> previous, bool active) noexcept
      : previous_(std::move(previous)), active_(active) {}
  std::shared_ptr<const void> previous_;  // the processors to restore (null: none)
  bool active_;
};
MLFLOW_API ConfigureScope configure_scope(const TracingConfig& config) noexcept;

// Where traces go, for set_destination() (Python's mlflow.tracing.set_destination).
struct Destination {
  enum class Kind : std::uint8_t { kMlflowExperiment, kLocalStore, kOtlpCollector };
  Kind kind = Kind::kLocalStore;
  std::string experiment_id;  // kMlflowExperiment
  // kMlflowExperiment: the tracking server (empty: the one traces go to now, or the local store
  // when there is none); kLocalStore: the directory; kOtlpCollector: the OTLP/HTTP traces URL.
  std::string location;

  // An MLflow experiment (Python's MlflowExperiment(experiment_id, tracking_uri)).
  static Destination mlflow_experiment(std::string experiment_id, std::string tracking_uri = {}) {
    return {Kind::kMlflowExperiment, std::move(experiment_id), std::move(tracking_uri)};
  }
  // The local trace store in `directory` (what MLFLOW_CPP_TRACE_DIR names).
  static Destination local_store(std::string directory) {
    return {Kind::kLocalStore, {}, std::move(directory)};
  }
  // An OpenTelemetry collector (what OTEL_EXPORTER_OTLP_TRACES_ENDPOINT names), instead of
  // MLflow; OTEL_EXPORTER_OTLP_HEADERS still apply.
  static Destination otlp_collector(std::string traces_endpoint) {
    return {Kind::kOtlpCollector, {}, std::move(traces_endpoint)};
  }
};

// Sends traces completed from now on to `destination`: see "Where traces go" below. Returns
// false, and says why on stderr, when the destination is not one mlflow-cpp can write to (a
// tracking URI that is not http(s), an empty directory or endpoint); nothing changes then.
MLFLOW_API bool set_destination(const Destination& destination) noexcept;
}  // namespace tracing

// --- Where traces go, set from code ------------------------------------------------------------
// MLflow's mlflow.set_tracking_uri, mlflow.set_experiment and mlflow.tracing.set_destination.
// Each may be called before the first span or at any time after it: traces completed before the
// call go where they were going (the call waits for their export, up to the flush deadline,
// MLFLOW_CPP_FLUSH_TIMEOUT_MS), traces completed after it go to the new place. Until the first
// such call the environment decides (MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_NAME and _ID,
// OTEL_EXPORTER_OTLP_ENDPOINT, MLFLOW_CPP_TRACE_DIR; docs/configuration.md). Authentication and
// TLS always come from the environment.

// An MLflow tracking server, http(s)://host[:port][/prefix]; empty: the local trace store.
// Returns false, says why on stderr and changes nothing for any other URI (mlflow-cpp reaches
// tracking servers over HTTP only), as MLFLOW_TRACKING_URI does. A collector named by
// OTEL_EXPORTER_OTLP_ENDPOINT still gets the traces instead, as in Python:
// tracing::set_destination() chooses between MLflow and a collector.
MLFLOW_API bool set_tracking_uri(std::string_view uri) noexcept;
// The tracking server traces go to; empty while they go to the local store or only to an
// OpenTelemetry collector.
MLFLOW_API std::string get_tracking_uri();
// The experiment traces belong to, by name: looked up on the tracking server, and created there
// when missing (as Python's mlflow.set_experiment(experiment_name=...)).
MLFLOW_API void set_experiment(std::string_view experiment_name) noexcept;
// The same by id (mlflow.set_experiment(experiment_id=...)).
MLFLOW_API void set_experiment_id(std::string_view experiment_id) noexcept;

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
