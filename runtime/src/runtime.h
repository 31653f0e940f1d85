// runtime.h: the process-wide runtime: configuration, sampling, and the export pipeline.
//
// Created on first use from the environment (config.h) and never destroyed, so spans that end
// during static destruction still find it. At normal exit it flushes the export queue, bounded
// by the configured deadline.
#ifndef MLFLOW_RUNTIME_RUNTIME_H
#define MLFLOW_RUNTIME_RUNTIME_H

#include <mlflow/version.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "completed_trace.h"
#include "config.h"
#include "export_pipeline.h"
#include "ids.h"
#include "spin_lock.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class Runtime {
 public:
  static Runtime& get();

  const Config& config() const noexcept { return config_; }

  // Whether a new trace with this id is recorded (MLFLOW_TRACE_SAMPLING_RATIO). Deterministic
  // in the id, like OpenTelemetry's TraceIdRatioBased sampler.
  bool should_sample(const TraceId& id) const noexcept;

  // Hands a completed trace to export and remembers it as the last active trace.
  void complete(std::unique_ptr<CompletedTrace> trace) noexcept;

  std::optional<std::string> last_active_trace_id() const;

  bool flush(std::chrono::milliseconds timeout) noexcept;

  // Tests and benchmarks only: flushes, then starts over with `config` (a new pipeline, and the
  // exporter the configuration names, or `exporter` when given).
  static void reset_for_testing(const Config& config,
                                std::unique_ptr<TraceExporter> exporter = nullptr);

 private:
  explicit Runtime(const Config& config);
  static void at_exit() noexcept;

  Config config_;
  std::shared_ptr<ExportPipeline> pipeline_;  // read and replaced with std::atomic_load/store
  mutable SpinLock last_mutex_;
  std::optional<TraceId> last_active_trace_id_;  // guarded by last_mutex_
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_RUNTIME_H
