// runtime.cpp: see runtime.h.
#include "runtime.h"

#include <mlflow/detail/function_span.h>  // flush_before_unload

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <utility>

#include <pthread.h>

#include <vector>

#include "core/home_thread_release.h"
#include "core/lent_spans.h"
#include "core/span_stack.h"
#include "core/trace_size.h"
#include "export/destination_switch.h"
#include "export/fan_out_exporter.h"
#include "export/local_store/local_store_exporter.h"
#include "export/secret_masking_exporter.h"
#include "export/span_processing_exporter.h"
#include "export/server_exporters.h"
#include "support/diagnostics.h"
#include "support/thread_slot.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Where traces go, by MLflow's own switches: an OpenTelemetry collector when an OTLP endpoint
// is set, instead of MLflow unless dual export is on; MLflow means the tracking server when
// MLFLOW_TRACKING_URI names one, and the local trace store otherwise. The collector and the
// tracking server are reached through libmlflow-cpp-server (export/server_exporters.h); without
// it, what would have gone to them goes to the local store, after one diagnostic.
std::unique_ptr<TraceExporter> make_exporter(const Config& config) {
  const ServerExporters* server = registered_server_exporters();
  std::vector<std::unique_ptr<TraceExporter>> exporters;
  std::string unreachable;  // the settings that asked for a server we cannot reach
  bool local = false;
  if (config.otlp.enabled()) {
    if (server != nullptr && server->otlp_collector != nullptr) {
      exporters.push_back(server->otlp_collector(config));
    } else {
      unreachable = "OTEL_EXPORTER_OTLP_ENDPOINT (" + config.otlp.traces_endpoint + ")";
      local = true;
    }
  }
  if (!config.otlp.enabled() || config.otlp.dual_export) {
    if (config.tracking.is_http() && server != nullptr && server->mlflow_server != nullptr) {
      exporters.push_back(server->mlflow_server(config));
    } else {
      if (config.tracking.is_http())
        unreachable += (unreachable.empty() ? "" : " and ") +
                       ("MLFLOW_TRACKING_URI (" + config.tracking.uri + ")");
      local = true;
    }
  }
  if (!unreachable.empty())
    warn(unreachable + (unreachable.find(" and ") == std::string::npos ? " asks" : " ask") +
         " for a server, but this program is not linked with "
         "libmlflow-cpp-server: traces are written to the local store (" +
         config.trace_dir.string() + ") instead. Link it (pkg-config mlflow-cpp, or CMake's "
         "mlflow_cpp_trace / mlflow-cpp::server) to send them, or send them later with "
         "`mlflow-cpp push`.");
  if (local) exporters.push_back(std::make_unique<LocalStoreExporter>(config.trace_dir));
  if (exporters.size() == 1) return std::move(exporters.front());
  return std::make_unique<FanOutExporter>(std::move(exporters));
}

// The pipeline, its exporter being a DestinationSwitch (set in `destination`) over the
// exporter the configuration names, or `exporter` when given.
std::unique_ptr<ExportPipeline> make_pipeline(const Config& config, DestinationSwitch*& destination,
                                              std::unique_ptr<TraceExporter> exporter = nullptr) {
  ExportPipeline::Limits limits;
  limits.max_queued = config.max_queued_traces;
  limits.max_queued_bytes = config.max_queued_bytes;
  limits.max_spilled_bytes = config.max_spilled_bytes;
  auto destination_switch =
      std::make_unique<DestinationSwitch>(exporter ? std::move(exporter) : make_exporter(config));
  destination = destination_switch.get();
  // The program's span processors run first (span_processing_exporter.h), then secrets are
  // masked, before any destination sees a trace (secret_masking_exporter.h).
  return std::make_unique<ExportPipeline>(
      std::make_unique<SpanProcessingExporter>(
          SecretMaskingExporter::wrap(std::move(destination_switch), config.secrets)),
      limits);
}

// Serializes reconfigurations, and the runtime's creation with them.
std::mutex& configuration_mutex() {
  static std::mutex* const mutex = new std::mutex();  // never destroyed: used at exit
  return *mutex;
}

// Reconfigurations made before the runtime existed, applied by its creation. Guarded by
// configuration_mutex().
std::vector<std::function<void(Config&)>>& early_edits() {
  static auto* const edits = new std::vector<std::function<void(Config&)>>();
  return *edits;
}

// The pipeline held across fork(), between the prepare and the parent/child handlers.
ExportPipeline* forking_pipeline = nullptr;

TraceLimits limits_of(const Config& config) {
  TraceLimits limits;
  limits.max_spans = config.max_spans_per_trace;
  limits.max_trace_bytes = config.max_trace_bytes == 0 ? SIZE_MAX : config.max_trace_bytes;
  return limits;
}

}  // namespace

Runtime::Runtime(const Config& config)
    : sampling_ratio_(config.sampling_ratio),
      max_queued_bytes_(config.max_queued_bytes),
      limits_(limits_of(config)),
      owned_pipeline_(make_pipeline(config, destination_)) {
  configs_.push_back(std::make_unique<const Config>(config));
  config_.store(configs_.back().get(), std::memory_order_release);
  pipeline_.store(owned_pipeline_.get(), std::memory_order_release);
}

void Runtime::reconfigure(const std::function<void(Config&)>& edit) noexcept {
  try {
    std::lock_guard<std::mutex> lock(configuration_mutex());
    Runtime* runtime = instance_.load(std::memory_order_acquire);
    if (runtime == nullptr) {  // applied when the runtime is created (create())
      early_edits().push_back(edit);
      return;
    }
    auto next = std::make_unique<Config>(runtime->config());
    edit(*next);
    std::shared_ptr<TraceExporter> exporter = make_exporter(*next);
    // What completed before the change goes where it was going.
    runtime->pipeline()->flush(runtime->config().flush_timeout);
    runtime->destination_->replace(std::move(exporter));
    runtime->configs_.push_back(std::move(next));
    runtime->config_.store(runtime->configs_.back().get(), std::memory_order_release);
  } catch (...) {  // out of memory: the configuration stays as it was
    warn("the tracing configuration could not be changed (out of memory); it stays as it was");
  }
}

tracing::Stats Runtime::stats() const noexcept {
  tracing::Stats stats;
  const ExportPipeline& pipeline = *this->pipeline();
  stats.traces_completed = pipeline.submitted();
  stats.traces_spilled = pipeline.spilled();
  stats.traces_dropped = pipeline.dropped() + g_traces_not_recorded.load(std::memory_order_relaxed);
  stats.spans_left_out = g_spans_left_out.load(std::memory_order_relaxed);
  stats.stale_span_refs = LentSpans::stale_uses();
  return stats;
}

std::atomic<Runtime*> Runtime::instance_{nullptr};

Runtime& Runtime::create() {
  static Runtime* const instance = [] {
    std::lock_guard<std::mutex> lock(configuration_mutex());
    Config config = Config::from_environment();
    for (const auto& edit : early_edits()) edit(config);  // set from code before the first span
    early_edits().clear();
    auto* runtime = new Runtime(config);  // never destroyed, see runtime.h
    // The configuration lock and the destination's are held across fork() too: a child whose
    // parent forked in the middle of a reconfiguration finds them free.
    pthread_atfork(
        [] {
          configuration_mutex().lock();
          forking_pipeline = get().pipeline();
          forking_pipeline->before_fork();
          get().destination_->before_fork();
        },
        [] {
          get().destination_->after_fork();
          std::exchange(forking_pipeline, nullptr)->after_fork_in_parent();
          configuration_mutex().unlock();
        },
        [] {
          get().destination_->after_fork();
          std::exchange(forking_pipeline, nullptr)->after_fork_in_child();
          configuration_mutex().unlock();
        });
    // Inside the lock: a reconfiguration that finds no runtime leaves its edit to this one.
    instance_.store(runtime, std::memory_order_release);
    return runtime;
  }();
  return *instance;
}

// The final flush. Registered when the library is loaded, before the program's own static
// objects are constructed; glibc runs it when it finalizes libmlflow-cpp at exit, after the
// program's static destructors, its atexit handlers and its destructor functions: traced code
// in those completes its traces before the flush, and they are delivered
// (test/lit/lifecycle/). (What ends after it is counted and reported once: export_pipeline.h.) The
// export thread must not depend on anything destroyed before then: the runtime's own objects
// are never destroyed, and its function-local statics are leaked on purpose.
//
// The spans the exiting thread still has open (std::exit from inside a traced function: no
// destructor runs) are ended first, as errors ("the process exited before the span ended"),
// so that their traces are delivered too. Open spans of other threads cannot be ended safely:
// their traces are not delivered.
void Runtime::at_exit() noexcept {
  Runtime* runtime = instance_.load(std::memory_order_acquire);
  if (runtime == nullptr) return;  // no span was ever started: nothing to flush
  end_spans_left_open_at_exit();
  runtime->pipeline()->shutdown(runtime->config().flush_timeout);
}

void flush_before_unload() noexcept {
  Runtime* runtime = Runtime::instance_.load(std::memory_order_acquire);
  if (runtime != nullptr) runtime->flush(runtime->config().flush_timeout);
}

namespace {
// std::exit runs the atexit handlers, std::quick_exit the at_quick_exit ones.
[[gnu::constructor]] void register_final_flush() noexcept {
  std::atexit(&Runtime::at_exit);
  std::at_quick_exit(&Runtime::at_exit);
}
}  // namespace

bool Runtime::should_sample(const TraceId& id) const noexcept {
  const double ratio = sampling_ratio_;
  if (ratio >= 1.0) return true;
  if (ratio <= 0.0) return false;
  // The low 64 bits of a random id are uniform: keep the trace when they fall below ratio*2^64.
  const auto threshold = static_cast<std::uint64_t>(ratio * 18446744073709551616.0);
  return id.low < threshold;
}

void Runtime::complete(std::unique_ptr<CompletedTrace> trace) noexcept {
  // This thread frees its exported traces itself (home_thread_release.h): now is a good time.
  ReleaseBox* home = ThreadSlot<ReleaseBox>::of_this_thread();
  if (home != nullptr) home->release_pending();
  trace->home = home;
  // The spans were counted as they ended (TraceState::end_span).
  trace->approximate_bytes += approximate_trace_overhead_bytes(*trace);
  if (LastTrace* last = ThreadSlot<LastTrace>::of_this_thread()) {
    // Spelled out only when asked for. One writer per record: this thread.
    const std::uint32_t version = last->version.load(std::memory_order_relaxed);
    last->version.store(version + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    last->high.store(trace->trace_id.high, std::memory_order_relaxed);
    last->low.store(trace->trace_id.low, std::memory_order_relaxed);
    last->version.store(version + 2, std::memory_order_release);
    if (last_trace_.load(std::memory_order_relaxed) != last)
      last_trace_.store(last, std::memory_order_release);
  }
  pipeline()->submit(std::move(trace));
}

std::optional<std::string> Runtime::last_active_trace_id() const {
  const LastTrace* last = last_trace_.load(std::memory_order_acquire);
  if (last == nullptr) return std::nullopt;
  TraceId id;
  for (;;) {
    const std::uint32_t before = last->version.load(std::memory_order_acquire);
    id.high = last->high.load(std::memory_order_relaxed);
    id.low = last->low.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (before % 2 == 0 && last->version.load(std::memory_order_relaxed) == before) break;
  }
  return mlflow_trace_id(id);
}

bool Runtime::flush(std::chrono::milliseconds timeout) noexcept {
  return pipeline()->flush(timeout);
}

void Runtime::reset_for_testing(const Config& config, std::unique_ptr<TraceExporter> exporter) {
  Runtime& runtime = get();
  std::lock_guard<std::mutex> lock(configuration_mutex());
  DestinationSwitch* destination = nullptr;
  std::unique_ptr<ExportPipeline> next = make_pipeline(config, destination, std::move(exporter));
  runtime.pipeline_.store(next.get(), std::memory_order_release);
  // Flushes everything and joins its thread. Callers make sure no span ends meanwhile.
  std::exchange(runtime.owned_pipeline_, std::move(next)).reset();
  runtime.destination_ = destination;
  runtime.configs_.push_back(std::make_unique<const Config>(config));
  runtime.config_.store(runtime.configs_.back().get(), std::memory_order_release);
  runtime.sampling_ratio_ = config.sampling_ratio;
  runtime.max_queued_bytes_ = config.max_queued_bytes;
  runtime.limits_ = limits_of(config);
  runtime.last_trace_.store(nullptr, std::memory_order_release);
}

}  // namespace detail
MLFLOW_END_NAMESPACE
