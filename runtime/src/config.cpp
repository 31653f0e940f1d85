// config.cpp: see config.h.
#include "config.h"

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>

#include "diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
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

}  // namespace

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
  if (const char* dir = env("MLFLOW_CPP_TRACE_DIR")) config.trace_dir = dir;
  if (const char* id = env("MLFLOW_EXPERIMENT_ID")) config.experiment_id = id;
  return config;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
