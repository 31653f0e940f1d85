// runtime.h: the process-wide runtime: configuration, sampling, and the export pipeline.
//
// Created on first use from the environment (config.h) and never destroyed, so spans that end
// during static destruction still find it. At normal exit it flushes the export queue, bounded
// by the configured deadline. Where traces go may be changed from code at any time
// (reconfigure(): mlflow::set_tracking_uri, set_experiment, tracing::set_destination); the
// settings a span start reads on its hot path (the sampling ratio, the memory budget) are the
// environment's.
#ifndef MLFLOW_RUNTIME_RUNTIME_H
#define MLFLOW_RUNTIME_RUNTIME_H

#include <mlflow/version.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <mlflow/tracing.h>

#include "config/config.h"
#include "core/completed_trace.h"
#include "core/ids.h"
#include "core/trace_limits.h"
#include "export/export_pipeline.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class DestinationSwitch;

class Runtime {
 public:
  static Runtime& get() {
    Runtime* runtime = instance_.load(std::memory_order_acquire);
    return runtime != nullptr ? *runtime : create();
  }

  // The settings of the moment. A reconfiguration replaces them; every configuration the
  // runtime had is kept, so a reference stays valid for the life of the process.
  const Config& config() const noexcept { return *config_.load(std::memory_order_acquire); }

  // Changes the configuration by `edit`: before the runtime exists, for its creation; after
  // that, traces completed so far are flushed to where they were going (up to the flush
  // deadline) and later ones go where the new configuration says. Only the destination and the
  // experiment may change this way (the rest is read where it is used without a lock).
  static void reconfigure(const std::function<void(Config&)>& edit) noexcept;

  // Whether a new trace with this id is recorded (MLFLOW_TRACE_SAMPLING_RATIO). Deterministic
  // in the id, like OpenTelemetry's TraceIdRatioBased sampler.
  bool should_sample(const TraceId& id) const noexcept;
  // MLFLOW_TRACE_SAMPLING_RATIO=0: no trace is recorded, and no id needs drawing to decide it.
  bool samples_nothing() const noexcept { return sampling_ratio_ <= 0.0; }

  // The per-trace bounds (trace_limits.h), from the configuration.
  const TraceLimits& trace_limits() const noexcept { return limits_; }
  // Whether the open traces hold the whole memory budget (MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES):
  // then no new span is recorded. What waits for export is not counted here: the queue gives
  // way to the open traces instead (it spills what does not fit, export_pipeline.h), so that a
  // slow server never cuts the traces of a program that is running.
  bool memory_full() const noexcept {
    return g_open_trace_bytes.load(std::memory_order_relaxed) >= max_queued_bytes_;
  }

  std::size_t queued_bytes_for_testing() const noexcept { return pipeline()->queued_bytes(); }

  // What was kept and lost so far (mlflow::tracing::stats()).
  tracing::Stats stats() const noexcept;

  // Hands a completed trace to export and remembers it as the last active trace.
  void complete(std::unique_ptr<CompletedTrace> trace) noexcept;

  std::optional<std::string> last_active_trace_id() const;

  bool flush(std::chrono::milliseconds timeout) noexcept;

  // The final flush at process exit (an atexit handler registered when the library is loaded;
  // runtime.cpp says why then).
  static void at_exit() noexcept;
  friend void flush_before_unload() noexcept;  // mlflow/detail/function_span.h

  // Tests and benchmarks only: flushes, then starts over with `config` (a new pipeline, and the
  // exporter the configuration names, or `exporter` when given).
  static void reset_for_testing(const Config& config,
                                std::unique_ptr<TraceExporter> exporter = nullptr);

 private:
  explicit Runtime(const Config& config);
  static Runtime& create();
  static std::atomic<Runtime*> instance_;  // set once by create(), for a get() without a guard

  // The current configuration, and all it has been (reconfigure()); guarded by the
  // configuration lock (runtime.cpp). The first is the environment's.
  std::atomic<const Config*> config_{nullptr};
  std::vector<std::unique_ptr<const Config>> configs_;
  // Read by every span start, so copied out of the configuration (never reconfigured).
  double sampling_ratio_ = 1.0;
  std::size_t max_queued_bytes_ = 0;
  TraceLimits limits_;
  // The pipeline's exporter: the current destination (destination_switch.h).
  DestinationSwitch* destination_ = nullptr;
  ExportPipeline* pipeline() const noexcept { return pipeline_.load(std::memory_order_acquire); }

  // The pipeline, and its owner. Replaced only by reset_for_testing, so traced threads read a
  // plain pointer (a std::shared_ptr read atomically takes a lock in libstdc++).
  std::unique_ptr<ExportPipeline> owned_pipeline_;
  std::atomic<ExportPipeline*> pipeline_{nullptr};
  // The last trace completed, as the per-thread record of the thread that completed it last:
  // completing a trace writes only to the completing thread's own record (no lock, no atomic
  // read-modify-write), and points here only when another thread's record was named.
  struct LastTrace {
    std::atomic<std::uint32_t> version{0};  // odd while being written (a sequence lock)
    std::atomic<std::uint64_t> high{0};
    std::atomic<std::uint64_t> low{0};
  };
  std::atomic<LastTrace*> last_trace_{nullptr};
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_RUNTIME_H
