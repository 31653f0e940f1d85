// runtime.h: the process-wide runtime: configuration, sampling, and the export pipeline.
//
// Created on first use from the environment (config.h) and never destroyed, so spans that end
// during static destruction still find it. At normal exit it flushes the export queue, bounded
// by the configured deadline.
#ifndef MLFLOW_RUNTIME_RUNTIME_H
#define MLFLOW_RUNTIME_RUNTIME_H

#include <mlflow/version.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <mlflow/tracing.h>

#include "config/config.h"
#include "core/completed_trace.h"
#include "core/ids.h"
#include "core/trace_limits.h"
#include "export/export_pipeline.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class Runtime {
 public:
  static Runtime& get() {
    Runtime* runtime = instance_.load(std::memory_order_acquire);
    return runtime != nullptr ? *runtime : create();
  }

  const Config& config() const noexcept { return config_; }

  // Whether a new trace with this id is recorded (MLFLOW_TRACE_SAMPLING_RATIO). Deterministic
  // in the id, like OpenTelemetry's TraceIdRatioBased sampler.
  bool should_sample(const TraceId& id) const noexcept;
  // MLFLOW_TRACE_SAMPLING_RATIO=0: no trace is recorded, and no id needs drawing to decide it.
  bool samples_nothing() const noexcept { return config_.sampling_ratio <= 0.0; }

  // The per-trace bounds (trace_limits.h), from the configuration.
  const TraceLimits& trace_limits() const noexcept { return limits_; }
  // Whether the open traces hold the whole memory budget (MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES):
  // then no new span is recorded. What waits for export is not counted here: the queue gives
  // way to the open traces instead (it spills what does not fit, export_pipeline.h), so that a
  // slow server never cuts the traces of a program that is running.
  bool memory_full() const noexcept {
    return g_open_trace_bytes.load(std::memory_order_relaxed) >= config_.max_queued_bytes;
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

  Config config_;
  TraceLimits limits_;
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
