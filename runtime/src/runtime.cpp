// runtime.cpp: see runtime.h.
#include "runtime.h"

#include <cstdlib>
#include <utility>

#include <pthread.h>

#include <vector>

#include "fan_out_exporter.h"
#include "home_thread_release.h"
#include "trace_size.h"
#include "local_store_exporter.h"
#include "mlflow_server_exporter.h"
#include "otlp_collector_exporter.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Where traces go, by MLflow's own switches: an OpenTelemetry collector when an OTLP endpoint
// is set, instead of MLflow unless dual export is on; MLflow means the tracking server when
// MLFLOW_TRACKING_URI names one, and the local trace store otherwise.
std::unique_ptr<TraceExporter> make_exporter(const Config& config) {
  std::vector<std::unique_ptr<TraceExporter>> exporters;
  if (config.otlp.enabled())
    exporters.push_back(std::make_unique<OtlpCollectorExporter>(config.otlp, config.tracking.retry_timeout));
  if (!config.otlp.enabled() || config.otlp.dual_export) {
    if (config.tracking.is_http()) {
      exporters.push_back(std::make_unique<MlflowServerExporter>(config.tracking, config.trace_dir,
                                                                config.otlp.service_name));
    } else {
      exporters.push_back(std::make_unique<LocalStoreExporter>(config.trace_dir));
    }
  }
  if (exporters.size() == 1) return std::move(exporters.front());
  return std::make_unique<FanOutExporter>(std::move(exporters));
}

std::shared_ptr<ExportPipeline> make_pipeline(const Config& config,
                                              std::unique_ptr<TraceExporter> exporter = nullptr) {
  return std::make_shared<ExportPipeline>(exporter ? std::move(exporter) : make_exporter(config),
                                          config.max_queued_traces, config.max_queued_bytes);
}

// The pipeline held across fork(), between the prepare and the parent/child handlers.
std::shared_ptr<ExportPipeline> forking_pipeline;

}  // namespace

Runtime::Runtime(const Config& config) : config_(config), pipeline_(make_pipeline(config)) {}

Runtime& Runtime::get() {
  static Runtime* const instance = [] {
    auto* runtime = new Runtime(Config::from_environment());  // never destroyed, see runtime.h
    std::atexit(&Runtime::at_exit);
    pthread_atfork(
        [] {
          forking_pipeline = std::atomic_load(&get().pipeline_);
          forking_pipeline->before_fork();
        },
        [] { std::exchange(forking_pipeline, nullptr)->after_fork_in_parent(); },
        [] { std::exchange(forking_pipeline, nullptr)->after_fork_in_child(); });
    return runtime;
  }();
  return *instance;
}

void Runtime::at_exit() noexcept {
  Runtime& runtime = get();
  std::atomic_load(&runtime.pipeline_)->shutdown(runtime.config_.flush_timeout);
}

bool Runtime::should_sample(const TraceId& id) const noexcept {
  const double ratio = config_.sampling_ratio;
  if (ratio >= 1.0) return true;
  if (ratio <= 0.0) return false;
  // The low 64 bits of a random id are uniform: keep the trace when they fall below ratio*2^64.
  const auto threshold = static_cast<std::uint64_t>(ratio * 18446744073709551616.0);
  return id.low < threshold;
}

void Runtime::complete(std::unique_ptr<CompletedTrace> trace) noexcept {
  // This thread frees its exported traces itself (home_thread_release.h): now is a good time.
  const std::shared_ptr<ReleaseBox>& home = ReleaseBox::of_this_thread();
  home->release_pending();
  trace->home = home;
  trace->approximate_bytes = approximate_bytes(*trace);
  {
    std::lock_guard<SpinLock> lock(last_mutex_);
    last_active_trace_id_ = trace->trace_id;  // spelled out only when asked for
  }
  std::atomic_load(&pipeline_)->submit(std::move(trace));
}

std::optional<std::string> Runtime::last_active_trace_id() const {
  std::lock_guard<SpinLock> lock(last_mutex_);
  if (!last_active_trace_id_) return std::nullopt;
  return mlflow_trace_id(*last_active_trace_id_);
}

bool Runtime::flush(std::chrono::milliseconds timeout) noexcept {
  return std::atomic_load(&pipeline_)->flush(timeout);
}

void Runtime::reset_for_testing(const Config& config, std::unique_ptr<TraceExporter> exporter) {
  Runtime& runtime = get();
  auto old = std::atomic_exchange(&runtime.pipeline_, make_pipeline(config, std::move(exporter)));
  old.reset();  // the last owner: flushes everything and joins its thread
  runtime.config_ = config;
  std::lock_guard<SpinLock> lock(runtime.last_mutex_);
  runtime.last_active_trace_id_.reset();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
