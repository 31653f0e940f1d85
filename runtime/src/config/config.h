// config.h: the runtime's settings, read once from the environment.
//
// Names follow MLflow's own variables where MLflow has one (MLFLOW_TRACE_SAMPLING_RATIO,
// MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE) and take an MLFLOW_CPP_ prefix otherwise. A value
// that does not parse is reported once and the default is used. docs/configuration.md lists them.
#ifndef MLFLOW_RUNTIME_CONFIG_H
#define MLFLOW_RUNTIME_CONFIG_H

#include <mlflow/version.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/http_settings.h"
#include "support/secrets.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Where and how to reach an MLflow tracking server (MLflow's own variables).
struct TrackingServerSettings {
  // MLFLOW_TRACKING_URI without a trailing '/'. Only http(s) URIs name a server; empty when unset.
  std::string uri;
  // MLFLOW_EXPERIMENT_NAME: looked up, created when missing. Wins over the id, as in Python.
  std::string experiment_name;
  // MLFLOW_EXPERIMENT_ID, when set.
  std::string experiment_id;
  // Authorization: Basic from MLFLOW_TRACKING_USERNAME/PASSWORD, else Bearer from
  // MLFLOW_TRACKING_TOKEN (MLflow checks them in that order).
  std::string authorization;
  TlsSettings tls;  // MLFLOW_TRACKING_INSECURE_TLS, _SERVER_CERT_PATH, _CLIENT_CERT_PATH
  // One HTTP request (MLFLOW_HTTP_REQUEST_TIMEOUT, seconds).
  std::chrono::milliseconds request_timeout{120000};
  // How long one batch is retried before it is kept in the local store for `mlflow-cpp push`
  // (MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS).
  std::chrono::milliseconds retry_timeout{30000};

  bool is_http() const noexcept { return !uri.empty(); }
};

// An OpenTelemetry collector to send spans to (the OTEL_EXPORTER_OTLP_* variables).
struct OtlpSettings {
  // The traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, or OTEL_EXPORTER_OTLP_ENDPOINT +
  // "/v1/traces". Empty when neither is set (or MLFLOW_ENABLE_OTLP_EXPORTER=false).
  std::string traces_endpoint;
  // OTEL_EXPORTER_OTLP_TRACES_HEADERS or OTEL_EXPORTER_OTLP_HEADERS ("k=v,k2=v2", URL-encoded).
  HttpHeaders headers;
  // MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT: also export to MLflow (the tracking server or the
  // local store), not only to the collector.
  bool dual_export = false;
  // OTEL_SERVICE_NAME, for the resource; empty when unset (collectors then get
  // "unknown_service", as OpenTelemetry SDKs send; MLflow gets none, see server_delivery.h).
  std::string service_name;
  // OTEL_RESOURCE_ATTRIBUTES ("k=v,k2=v2", percent-encoded), in order, for the resource of
  // every OTLP request (to a collector and to MLflow); its service.name is service_name unless
  // OTEL_SERVICE_NAME is set (which wins, as in OpenTelemetry SDKs), and telemetry.sdk.* are
  // the runtime's own (as MLflow's Python SDK keeps its own).
  std::vector<std::pair<std::string, std::string>> resource_attributes;
  std::chrono::milliseconds timeout{10000};  // OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT, ms

  bool enabled() const noexcept { return !traces_endpoint.empty(); }
};

// MLFLOW_TRACKING_URI's rules, for the settings made in code too (destination.cpp, the query
// client): only http(s) URLs name a tracking server, kept without a trailing '/'.
bool is_http_url(std::string_view uri) noexcept;
std::string without_trailing_slashes(std::string_view uri);

struct Config {
  // Fraction of traces recorded, decided on each root span (MLFLOW_TRACE_SAMPLING_RATIO).
  double sampling_ratio = 1.0;
  // The local trace store's directory (MLFLOW_CPP_TRACE_DIR).
  std::filesystem::path trace_dir = "mlflow-traces";
  // How long flush(), and the flush at process exit, may wait (MLFLOW_CPP_FLUSH_TIMEOUT_MS).
  std::chrono::milliseconds flush_timeout{10000};
  // Completed traces waiting for export before new ones are dropped
  // (MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE).
  std::size_t max_queued_traces = 1000;
  // The memory traces may hold, open ones and those waiting for export, estimated
  // (trace_size.h); beyond it new spans are not recorded and completed traces are spilled to
  // the local store (MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES; core/trace_limits.h).
  std::size_t max_queued_bytes = std::size_t{64} << 20;
  // The most one trace may hold, estimated (MLFLOW_CPP_MAX_TRACE_BYTES; 0: no cap). Beyond it
  // new spans of the trace are not recorded, as beyond max_spans_per_trace.
  std::size_t max_trace_bytes = std::size_t{16} << 20;
  // What the program's threads may write to the local store when the export queue is full
  // (MLFLOW_CPP_SPILL_MAX_BYTES; 0: never spill, drop): beyond it traces are dropped.
  std::size_t max_spilled_bytes = std::size_t{1} << 30;
  // The most spans one trace records (MLFLOW_CPP_MAX_SPANS_PER_TRACE; 0: no cap). Beyond it a
  // new span, and everything under it, runs unrecorded, and the trace says how many were left
  // out: the bound for code traced by name, where a hot helper can make millions of spans.
  std::size_t max_spans_per_trace = 0;
  // The experiment traces belong to (MLFLOW_EXPERIMENT_ID; "0" is MLflow's Default experiment).
  std::string experiment_id = "0";
  // Autolog (runtime/src/autolog/): the longest string an LLM call's recorded request,
  // response or stream chunk may hold, in bytes; longer ones are cut at a UTF-8 boundary and
  // marked "...[truncated, N bytes]" (MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES).
  std::size_t autolog_max_value_bytes = 65536;
  // Each captured input and output value (a traced function's arguments and result, what
  // span.set_inputs()/set_outputs() record): the longest string, in bytes, cut as above
  // (MLFLOW_CPP_MAX_VALUE_BYTES), and the most elements of one array or members of one object,
  // the rest replaced by a marker (MLFLOW_CPP_MAX_VALUE_ITEMS). support/json_limits.h.
  std::size_t max_value_bytes = 65536;
  std::size_t max_value_items = 10000;

  // What is masked before a trace leaves the process (support/secrets.h): the built-in rules
  // (MLFLOW_CPP_MASK_SECRETS), names and value patterns added (MLFLOW_CPP_SECRET_NAMES,
  // MLFLOW_CPP_SECRET_VALUE_PATTERNS).
  SecretRules secrets;

  TrackingServerSettings tracking;
  OtlpSettings otlp;

  static Config from_environment();
  // The same, from `variables` instead of the process environment (a name not in it is unset):
  // the configuration parser on any input, without touching the process (test/fuzz/).
  static Config from_variables(const std::map<std::string, std::string>& variables);
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CONFIG_H
