// config_fuzzer.cpp: the configuration parser (config/config.h) on any set of variables.
//
// The input is an environment file: lines "NAME=VALUE" (the first '=' splits; a line without one
// is skipped, a later line for the same name wins), read through Config::from_variables, so the
// process environment is never touched. The parser warns on stderr about values it ignores: run
// with -close_fd_mask=2 (tools/run-tests does) to keep that out of the log.
//
// Checks: every setting is within the bounds config.h documents, whatever the input (the
// sampling ratio in [0, 1], timeouts and sizes at their minimums, a tracking URI only over
// http(s) and without a trailing '/', a collector endpoint as given or ending in /v1/traces,
// no header without a name); a value set to one of the documented spellings is read as it says;
// and the input's lines, as OTLP header pairs written percent-encoded
// (OTEL_EXPORTER_OTLP_HEADERS="k=v,..."), are read back exactly, in order.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "fuzz_input.h"

using namespace mlflow::detail;

namespace {

using Variables = std::map<std::string, std::string>;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// What the process environment would hold: a value ends at its first NUL, and an empty one is
// unset.
const std::string* variable(const Variables& variables, const char* name) {
  auto it = variables.find(name);
  if (it == variables.end() || it->second.empty() || it->second[0] == '\0') return nullptr;
  return &it->second;
}

void check_bounds(const Variables& variables, const Config& config) {
  MLFLOW_FUZZ_CHECK(config.sampling_ratio >= 0 && config.sampling_ratio <= 1, "sampling ratio");
  MLFLOW_FUZZ_CHECK(config.flush_timeout.count() >= 0, "flush timeout");
  MLFLOW_FUZZ_CHECK(config.max_queued_traces >= 1, "queue size");
  MLFLOW_FUZZ_CHECK(config.max_queued_bytes >= 1, "queue bytes");
  MLFLOW_FUZZ_CHECK(config.autolog_max_value_bytes >= 1, "autolog value bytes");
  MLFLOW_FUZZ_CHECK(config.tracking.request_timeout.count() >= 1000, "request timeout");
  MLFLOW_FUZZ_CHECK(config.tracking.retry_timeout.count() >= 0, "retry timeout");
  MLFLOW_FUZZ_CHECK(config.otlp.timeout.count() >= 1, "OTLP timeout");

  const std::string& uri = config.tracking.uri;
  if (!uri.empty()) {
    MLFLOW_FUZZ_CHECK(starts_with(uri, "http://") || starts_with(uri, "https://"), uri);
    MLFLOW_FUZZ_CHECK(uri.back() != '/', uri);
  }
  const std::string& endpoint = config.otlp.traces_endpoint;
  if (!endpoint.empty()) {
    const std::string* traces = variable(variables, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    MLFLOW_FUZZ_CHECK((traces != nullptr && endpoint == traces->c_str()) ||
                          (traces == nullptr && ends_with(endpoint, "/v1/traces")),
                      endpoint);
  }
  for (const auto& [name, value] : config.otlp.headers) MLFLOW_FUZZ_CHECK(!name.empty(), value);

  // Documented spellings are read as they say.
  if (const std::string* ratio = variable(variables, "MLFLOW_TRACE_SAMPLING_RATIO")) {
    if (*ratio == "0") MLFLOW_FUZZ_CHECK(config.sampling_ratio == 0, *ratio);
    if (*ratio == "0.5") MLFLOW_FUZZ_CHECK(config.sampling_ratio == 0.5, *ratio);
  }
  if (const std::string* insecure = variable(variables, "MLFLOW_TRACKING_INSECURE_TLS")) {
    if (*insecure == "true" || *insecure == "TRUE" || *insecure == "1")
      MLFLOW_FUZZ_CHECK(!config.tracking.tls.verify, *insecure);
    if (*insecure == "false" || *insecure == "False" || *insecure == "0")
      MLFLOW_FUZZ_CHECK(config.tracking.tls.verify, *insecure);
  } else {
    MLFLOW_FUZZ_CHECK(config.tracking.tls.verify, "TLS verification is on by default");
  }
}

// `text` with every byte but letters and digits as %XX.
std::string percent_encoded(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
      out.push_back(c);
    } else {
      char escape[4];
      std::snprintf(escape, sizeof escape, "%%%02X", u);
      out.append(escape, 3);
    }
  }
  return out;
}

void check_header_round_trip(const std::vector<std::pair<std::string, std::string>>& lines) {
  HttpHeaders expected;
  std::string encoded;
  for (const auto& [name, value] : lines) {
    if (name.empty()) continue;
    expected.emplace_back(name, value);
    if (!encoded.empty()) encoded += ',';
    encoded += percent_encoded(name) + '=' + percent_encoded(value);
  }
  if (expected.empty()) return;
  const Config config = Config::from_variables(
      {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"}, {"OTEL_EXPORTER_OTLP_HEADERS", encoded}});
  MLFLOW_FUZZ_CHECK(config.otlp.traces_endpoint == "http://127.0.0.1:4318/v1/traces",
                    config.otlp.traces_endpoint);
  MLFLOW_FUZZ_CHECK(config.otlp.headers == expected, encoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Variables variables;
  std::vector<std::pair<std::string, std::string>> lines;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    lines.emplace_back(line.substr(0, eq), line.substr(eq + 1));
    variables[lines.back().first] = lines.back().second;
  }
  check_bounds(variables, Config::from_variables(variables));
  check_header_round_trip(lines);
  return 0;
}
