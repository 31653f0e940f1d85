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
#include <string>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

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
  // The experiment traces belong to (MLFLOW_EXPERIMENT_ID; "0" is MLflow's Default experiment).
  std::string experiment_id = "0";

  static Config from_environment();
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CONFIG_H
