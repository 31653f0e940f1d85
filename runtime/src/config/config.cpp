// config.cpp: see config.h.
#include "config/config.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// The variables from_variables() reads instead of the process environment, while it runs on
// this thread.
thread_local const std::map<std::string, std::string>* t_variables = nullptr;

const char* env(const char* name) {
  const char* value = nullptr;
  if (t_variables == nullptr) {
    value = std::getenv(name);
  } else if (auto it = t_variables->find(name); it != t_variables->end()) {
    value = it->second.c_str();
  }
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

// The variable as a number in [min, max], or nothing (reported) when it is set to anything else.
std::optional<double> number_from_env(const char* name, double min, double max, bool whole,
                                      const char* expected) {
  const char* value = env(name);
  if (value == nullptr) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double number = whole ? static_cast<double>(std::strtoll(value, &end, 10))
                        : std::strtod(value, &end);
  if (end == value || *end != '\0' || errno != 0 || !(number >= min && number <= max)) {
    warn(std::string("ignoring ") + name + "=\"" + value + "\": expected " + expected);
    return std::nullopt;
  }
  return number;
}

// MLflow's boolean spelling: true/false, any case, or 1/0.
std::optional<bool> bool_from_env(const char* name) {
  const char* value = env(name);
  if (value == nullptr) return std::nullopt;
  std::string v(value);
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  warn(std::string("ignoring ") + name + "=\"" + value + "\": expected true or false");
  return std::nullopt;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES: "key1=value1,key2=value2", values
// percent-encoded (W3C baggage style). A malformed entry is reported and left out.
HttpHeaders parse_otlp_headers(const char* name, std::string_view text) {
  HttpHeaders headers;
  auto decode = [](std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
        out.push_back(static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(in[i]);
      }
    }
    return out;
  };
  auto trim = [](std::string_view v) {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
    return v;
  };
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view entry = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    const std::size_t eq = entry.find('=');
    std::string key = eq == std::string_view::npos ? std::string() : decode(trim(entry.substr(0, eq)));
    if (key.empty()) {
      warn(std::string("ignoring an entry of ") + name + ": \"" + std::string(entry) +
           "\" is not key=value");
      continue;
    }
    headers.emplace_back(std::move(key), decode(trim(entry.substr(eq + 1))));
  }
  return headers;
}

void read_tracking_server(TrackingServerSettings& tracking) {
  if (const char* uri = env("MLFLOW_TRACKING_URI")) {
    std::string value = without_trailing_slashes(uri);
    if (is_http_url(value)) {
      tracking.uri = value;
    } else {
      warn(std::string("MLFLOW_TRACKING_URI=\"") + uri +
           "\" is not an http(s) URL; mlflow-cpp exports only to tracking servers over HTTP, so "
           "traces go to the local trace store (MLFLOW_CPP_TRACE_DIR) instead");
    }
  }
  if (const char* name = env("MLFLOW_EXPERIMENT_NAME")) tracking.experiment_name = name;
  if (const char* id = env("MLFLOW_EXPERIMENT_ID")) tracking.experiment_id = id;
  const char* user = env("MLFLOW_TRACKING_USERNAME");
  const char* password = env("MLFLOW_TRACKING_PASSWORD");
  if (user != nullptr && password != nullptr) {
    tracking.authorization = "Basic " + basic_auth(user, password);
  } else if (const char* token = env("MLFLOW_TRACKING_TOKEN")) {
    tracking.authorization = std::string("Bearer ") + token;
  }
  // Never printed, whatever prints them (support/secrets.h).
  if (password != nullptr) hide_in_messages(password);
  if (const char* token = env("MLFLOW_TRACKING_TOKEN")) hide_in_messages(token);
  hide_authorization_in_messages(tracking.authorization);
  if (auto insecure = bool_from_env("MLFLOW_TRACKING_INSECURE_TLS")) tracking.tls.verify = !*insecure;
  if (const char* path = env("MLFLOW_TRACKING_SERVER_CERT_PATH")) tracking.tls.ca_bundle_path = path;
  if (const char* path = env("MLFLOW_TRACKING_CLIENT_CERT_PATH")) tracking.tls.client_cert_path = path;
  if (auto s = number_from_env("MLFLOW_HTTP_REQUEST_TIMEOUT", 1, 1e9, true,
                               "seconds, a whole number >= 1")) {
    tracking.request_timeout = std::chrono::seconds(static_cast<long long>(*s));
  }
  if (auto ms = number_from_env("MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS", 0, 1e12, true,
                                "milliseconds, a whole number >= 0")) {
    tracking.retry_timeout = std::chrono::milliseconds(static_cast<long long>(*ms));
  }
}

void read_otlp(OtlpSettings& otlp) {
  if (const char* attributes = env("OTEL_RESOURCE_ATTRIBUTES")) {
    for (auto& [key, value] : parse_otlp_headers("OTEL_RESOURCE_ATTRIBUTES", attributes)) {
      if (key == "service.name") {
        otlp.service_name = value;
      } else if (!starts_with(key, "telemetry.sdk.")) {
        otlp.resource_attributes.emplace_back(std::move(key), std::move(value));
      }
    }
  }
  if (const char* service = env("OTEL_SERVICE_NAME")) otlp.service_name = service;
  if (bool_from_env("MLFLOW_ENABLE_OTLP_EXPORTER") == false) return;
  if (const char* endpoint = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
    otlp.traces_endpoint = endpoint;  // used as is, per the OTLP exporter specification
  } else if (const char* base = env("OTEL_EXPORTER_OTLP_ENDPOINT")) {
    otlp.traces_endpoint = without_trailing_slashes(base) + "/v1/traces";
  } else {
    return;
  }
  const char* protocol_var = env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
                                 ? "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
                                 : "OTEL_EXPORTER_OTLP_PROTOCOL";
  if (const char* protocol = env(protocol_var); protocol != nullptr &&
                                                std::string_view(protocol) != "http/protobuf") {
    warn(std::string(protocol_var) + "=\"" + protocol +
         "\": mlflow-cpp speaks OTLP over http/protobuf only; set it to http/protobuf and point "
         "the endpoint at the collector's HTTP port (usually 4318). No spans go to " +
         otlp.traces_endpoint);
    otlp.traces_endpoint.clear();
    return;
  }
  const char* headers_var = env("OTEL_EXPORTER_OTLP_TRACES_HEADERS") ? "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
                                                                    : "OTEL_EXPORTER_OTLP_HEADERS";
  if (const char* headers = env(headers_var)) otlp.headers = parse_otlp_headers(headers_var, headers);
  for (const auto& [name, value] : otlp.headers)  // a collector's key: never printed
    if (is_secret_name(name)) hide_authorization_in_messages(value);
  const char* timeout_var = env("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ? "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
                                                                    : "OTEL_EXPORTER_OTLP_TIMEOUT";
  if (auto ms = number_from_env(timeout_var, 1, 1e9, true, "milliseconds, a whole number >= 1"))
    otlp.timeout = std::chrono::milliseconds(static_cast<long long>(*ms));
  if (auto dual = bool_from_env("MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT")) otlp.dual_export = *dual;
}

}  // namespace

bool is_http_url(std::string_view uri) noexcept {
  return starts_with(uri, "http://") || starts_with(uri, "https://");
}

std::string without_trailing_slashes(std::string_view uri) {
  while (!uri.empty() && uri.back() == '/') uri.remove_suffix(1);
  return std::string(uri);
}

Config Config::from_environment() {
  Config config;
  // MLflow ignores a ratio outside [0, 1] with a warning; so do we.
  if (auto ratio = number_from_env("MLFLOW_TRACE_SAMPLING_RATIO", 0, 1, false,
                                   "a number from 0 to 1")) {
    config.sampling_ratio = *ratio;
  }
  if (auto ms = number_from_env("MLFLOW_CPP_FLUSH_TIMEOUT_MS", 0, 1e12, true,
                                "milliseconds, a whole number >= 0")) {
    config.flush_timeout = std::chrono::milliseconds(static_cast<long long>(*ms));
  }
  if (auto n = number_from_env("MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE", 1, 1e12, true,
                               "a whole number >= 1")) {
    config.max_queued_traces = static_cast<std::size_t>(*n);
  }
  if (auto n = number_from_env("MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES", 1, 1e15, true,
                               "bytes, a whole number >= 1")) {
    config.max_queued_bytes = static_cast<std::size_t>(*n);
  }
  if (auto n = number_from_env("MLFLOW_CPP_MAX_TRACE_BYTES", 0, 1e15, true,
                               "bytes, a whole number >= 0 (0: no cap)")) {
    config.max_trace_bytes = static_cast<std::size_t>(*n);
  }
  if (auto n = number_from_env("MLFLOW_CPP_SPILL_MAX_BYTES", 0, 1e15, true,
                               "bytes, a whole number >= 0 (0: never spill)")) {
    config.max_spilled_bytes = static_cast<std::size_t>(*n);
  }
  if (auto n = number_from_env("MLFLOW_CPP_MAX_SPANS_PER_TRACE", 0, 1e15, true,
                               "a whole number >= 0 (0: no cap)")) {
    config.max_spans_per_trace = static_cast<std::size_t>(*n);
  }
  if (auto n = number_from_env("MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES", 1, 1e15, true,
                               "bytes, a whole number >= 1")) {
    config.autolog_max_value_bytes = static_cast<std::size_t>(*n);
  }
  if (auto n = number_from_env("MLFLOW_CPP_MAX_VALUE_BYTES", 1, 1e15, true,
                               "bytes, a whole number >= 1")) {
    config.max_value_bytes = static_cast<std::size_t>(*n);
  }
  if (auto n = number_from_env("MLFLOW_CPP_MAX_VALUE_ITEMS", 1, 1e15, true,
                               "a whole number >= 1")) {
    config.max_value_items = static_cast<std::size_t>(*n);
  }
  if (auto mask = bool_from_env("MLFLOW_CPP_MASK_SECRETS")) config.secrets.builtin = *mask;
  if (const char* names = env("MLFLOW_CPP_SECRET_NAMES")) config.secrets.extra_names = names;
  if (const char* values = env("MLFLOW_CPP_SECRET_VALUE_PATTERNS"))
    config.secrets.extra_values = values;
  if (const char* dir = env("MLFLOW_CPP_TRACE_DIR")) config.trace_dir = dir;
  if (const char* id = env("MLFLOW_EXPERIMENT_ID")) config.experiment_id = id;
  read_tracking_server(config.tracking);
  read_otlp(config.otlp);
  return config;
}

Config Config::from_variables(const std::map<std::string, std::string>& variables) {
  struct Reading {
    explicit Reading(const std::map<std::string, std::string>* v) { t_variables = v; }
    ~Reading() { t_variables = nullptr; }
  } reading(&variables);
  return from_environment();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
