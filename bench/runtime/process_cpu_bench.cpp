// process_cpu_bench.cpp: what tracing costs the whole process, not only the traced thread
// (issue 16), and what it keeps. Compiled with the plugin; each case is a process of its own
// (this binary, spawned with --child) so that CLOCK_PROCESS_CPUTIME_ID counts that case alone.
// Linked with the server exporters' registration (bench/CMakeLists.txt), so a configured
// collector is the real exporter.
//
// BM_FlatOut/<exporter>/<spans>: one thread traces flat out for --seconds=N (default 3) and
// the process then flushes. A 1-span trace is one typical traced call (int, string, vector of 3
// strings -> string); a 10-span trace is a traced root (an int argument and result) calling
// that function 9 times. Reported per span made: the calling thread's CPU
// (CLOCK_THREAD_CPUTIME_ID) and the whole process's (CLOCK_PROCESS_CPUTIME_ID, the export
// thread and the flush included); traces made, and mlflow::tracing::stats(): completed,
// spilled (the queue was full: written to the local store by the calling thread, which is
// kept), dropped; spans kept per second of tracing. Defaults as shipped (a 1000-trace queue,
// 64 MiB budget). Exporters:
//   local          the local store (MLFLOW_CPP_TRACE_DIR, traces.jsonl), the real exporter
//   otlp_receiver  the real collector exporter (OTLP/HTTP, protobuf) to a loopback receiver,
//                  only with --otlp-endpoint=URL (tools/run-benchmarks starts
//                  test/otlp/otlp_receiver.py: Python, it decodes and keeps every request, so
//                  it, not this process, bounds what is kept); a collector cannot spill, so a
//                  full queue drops
//   otlp_encode    OTLP/protobuf encoding alone (the body of POST /v1/traces), discarded: the
//                  exporter's own cost without a receiver's pace; dropped when full, as above
//   server_encode  what the MLflow server exporter encodes, alone: the OTLP body per 100 traces
//                  and a StartTraceV3 request per trace (trace info derived, serialized);
//                  spilled traces go to the local store
//
// BM_QueuedHeap/<spans>: heap per queued span, measured: the export thread is held inside its
// first batch, N traces are completed and queued, and mallinfo2 (every arena) is read before
// and after them.
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <mlflow/attributes.h>
#include <mlflow/trace.h>

#include "child_process.h"
#include "config/config.h"
#include "export/exporter.h"
#include "export/local_store/local_store_exporter.h"
#include "export/mlflow_server/server_delivery.h"
#include "format/otlp_encoding.h"
#include "format/trace_dict.h"
#include "format/trace_info.h"
#include "net/tracking_client.h"
#include "runtime.h"

#ifndef MLFLOW_CPP_PLUGIN_ACTIVE
#error "process_cpu_bench.cpp must be compiled with the mlflow-cpp plugin"
#endif

namespace {

using mlflow::detail::CompletedTrace;
using mlflow::detail::Config;
using mlflow::detail::ExportDeadline;
using mlflow::detail::TraceExporter;
using Batch = std::vector<std::unique_ptr<CompletedTrace>>;

double g_seconds = 3.0;
std::string g_otlp_endpoint;  // --otlp-endpoint: the loopback receiver's /v1/traces URL

// --- the traced program ---------------------------------------------------------------------

MLFLOW_TRACE(TOOL)
[[gnu::noinline]] std::string traced_typical(int id, const std::string& name, const std::vector<std::string>& tags) {
  return name + std::to_string(id + static_cast<int>(tags.size()));
}

const std::vector<std::string> kTags = {"alpha", "beta", "gamma"};
const std::string kName = "request";

MLFLOW_TRACE(AGENT) [[gnu::noinline]] int traced_agent(int steps) {
  int total = 0;
  for (int i = 0; i < steps; ++i) total += static_cast<int>(traced_typical(i, kName, kTags).size());
  return total;
}

void one_trace(int spans) {
  if (spans == 1)
    benchmark::DoNotOptimize(traced_typical(42, kName, kTags));
  else
    benchmark::DoNotOptimize(traced_agent(spans - 1));
}

// --- exporters that encode and discard -------------------------------------------------------

std::vector<const CompletedTrace*> pointers(const Batch& batch, std::size_t begin, std::size_t end) {
  std::vector<const CompletedTrace*> out;
  for (std::size_t i = begin; i < end && i < batch.size(); ++i) out.push_back(batch[i].get());
  return out;
}

class OtlpEncodeOnly final : public TraceExporter {
 public:
  void export_traces(const Batch& batch, const ExportDeadline&) noexcept override {
    std::string body = mlflow::detail::encode_export_trace_service_request(pointers(batch, 0, batch.size()),
                                                                           mlflow::detail::OtlpResource{});
    benchmark::DoNotOptimize(body);
  }
};

class ServerEncodeOnly final : public TraceExporter {
 public:
  explicit ServerEncodeOnly(const std::filesystem::path& dir) : store_(dir) {}
  void export_traces(const Batch& batch, const ExportDeadline&) noexcept override {
    constexpr std::size_t kPerRequest = mlflow::detail::ServerDelivery::kTracesPerRequest;
    for (std::size_t begin = 0; begin < batch.size(); begin += kPerRequest) {
      const auto chunk = pointers(batch, begin, begin + kPerRequest);
      std::string spans = mlflow::detail::encode_export_trace_service_request(chunk, mlflow::detail::OtlpResource{});
      benchmark::DoNotOptimize(spans);
      for (const CompletedTrace* trace : chunk) {
        auto info = mlflow::detail::derive_trace_info(*trace);
        info.experiment_id = "0";
        std::string body = mlflow::detail::start_trace_request(mlflow::detail::trace_info_to_dict(info), "0")
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        benchmark::DoNotOptimize(body);
      }
    }
  }
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override { return store_.keep_locally(trace); }
  void write_kept() noexcept override { store_.write_kept(); }

 private:
  mlflow::detail::LocalStoreExporter store_;
};

// Holds the export thread inside its first batch until released: what is completed meanwhile
// stays queued.
class HeldExporter final : public TraceExporter {
 public:
  HeldExporter(std::atomic<bool>& entered, std::atomic<bool>& released) : entered_(entered), released_(released) {}
  void export_traces(const Batch&, const ExportDeadline&) noexcept override {
    entered_ = true;
    while (!released_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

 private:
  std::atomic<bool>& entered_;
  std::atomic<bool>& released_;
};

// --- the children ----------------------------------------------------------------------------

int run_flat_out(const std::string& exporter, int spans) {
  Config config = Config::from_environment();
  std::unique_ptr<TraceExporter> chosen;
  if (exporter == "otlp_encode") chosen = std::make_unique<OtlpEncodeOnly>();
  else if (exporter == "server_encode") chosen = std::make_unique<ServerEncodeOnly>(config.trace_dir);
  else if (exporter != "local" && exporter != "otlp_receiver") return std::fprintf(stderr, "unknown exporter %s\n", exporter.c_str()), 2;
  mlflow::detail::Runtime::reset_for_testing(config, std::move(chosen));
  mlflow::tracing::enable();

  const double process_start = bench::cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  const double thread_start = bench::cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  const auto wall_start = std::chrono::steady_clock::now();
  const auto until = wall_start + std::chrono::duration<double>(g_seconds);
  long made = 0;
  do {
    for (int i = 0; i < 256; ++i) one_trace(spans);
    made += 256;
  } while (std::chrono::steady_clock::now() < until);
  const double thread_cpu = bench::cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - thread_start;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const bool flushed = mlflow::tracing::flush(std::chrono::minutes(5));
  const double process_cpu = bench::cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - process_start;
  const auto stats = mlflow::tracing::stats();
  const double spans_made = static_cast<double>(made) * spans;
  const double kept = static_cast<double>(stats.traces_completed - stats.traces_dropped);
  std::printf("thread_ns_per_span %.3f\nprocess_ns_per_span %.3f\ntraces_made %ld\ntraces_completed %llu\n"
              "traces_spilled %llu\ntraces_dropped %llu\nkept_fraction %.6f\nspans_made_per_s %.1f\n"
              "spans_kept_per_s %.1f\nwall_s %.6f\nflushed %d\n",
              thread_cpu * 1e9 / spans_made, process_cpu * 1e9 / spans_made, made,
              static_cast<unsigned long long>(stats.traces_completed),
              static_cast<unsigned long long>(stats.traces_spilled),
              static_cast<unsigned long long>(stats.traces_dropped), kept / static_cast<double>(made),
              spans_made / wall, kept * spans / wall, wall, flushed ? 1 : 0);
  return 0;
}

std::size_t heap_in_use() {
  const auto info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

int run_queued_heap(int spans, int traces) {
  std::atomic<bool> entered{false}, released{false};
  Config config = Config::from_environment();
  config.max_queued_traces = static_cast<std::size_t>(traces) * 2;  // nothing spilled or dropped
  config.max_queued_bytes = std::size_t{1} << 40;
  mlflow::detail::Runtime::reset_for_testing(config, std::make_unique<HeldExporter>(entered, released));
  mlflow::tracing::enable();
  one_trace(spans);  // the export thread takes it and is held
  for (int i = 0; i < 5000 && !entered; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!entered) return std::fprintf(stderr, "the export thread never took a batch\n"), 3;
  const std::size_t before = heap_in_use();
  for (int i = 0; i < traces; ++i) one_trace(spans);
  const std::size_t after = heap_in_use();
  const auto stats = mlflow::tracing::stats();
  released = true;
  mlflow::tracing::flush(std::chrono::minutes(1));
  std::printf("bytes_per_span %.1f\nbytes_per_trace %.1f\ntraces_completed %llu\ntraces_spilled %llu\n"
              "traces_dropped %llu\n",
              static_cast<double>(after - before) / (static_cast<double>(traces) * spans),
              static_cast<double>(after - before) / traces,
              static_cast<unsigned long long>(stats.traces_completed),
              static_cast<unsigned long long>(stats.traces_spilled),
              static_cast<unsigned long long>(stats.traces_dropped));
  return 0;
}

// --- the parent ------------------------------------------------------------------------------

void set_counters(benchmark::State& state, const std::map<std::string, double>& values) {
  for (const auto& [key, value] : values) state.counters[key] = value;
}

void BM_FlatOut(benchmark::State& state, const std::string& exporter, int spans) {
  for (auto _ : state) {
    bench::ScratchDir dir;
    std::string error;
    std::vector<std::pair<std::string, std::string>> env = {{"MLFLOW_CPP_TRACE_DIR", dir.path().string()}};
    if (exporter == "otlp_receiver") env.emplace_back("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", g_otlp_endpoint);
    auto r = bench::run_child({"--child", "flat", exporter, std::to_string(spans), std::to_string(g_seconds)},
                              env, error);
    if (!r) return state.SkipWithError(error.c_str());
    state.SetIterationTime(r->at("wall_s"));
    set_counters(state, *r);
  }
}

void BM_QueuedHeap(benchmark::State& state, int spans) {
  for (auto _ : state) {
    bench::ScratchDir dir;
    std::string error;
    auto r = bench::run_child({"--child", "queued", std::to_string(spans), std::to_string(20000 / spans)},
                              {{"MLFLOW_CPP_TRACE_DIR", dir.path().string()}}, error);
    if (!r) return state.SkipWithError(error.c_str());
    set_counters(state, *r);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::strcmp(argv[1], "--child") == 0) {
    if (std::strcmp(argv[2], "flat") == 0 && argc == 6) {
      g_seconds = std::atof(argv[5]);
      return run_flat_out(argv[3], std::atoi(argv[4]));
    }
    if (std::strcmp(argv[2], "queued") == 0 && argc == 5) return run_queued_heap(std::atoi(argv[3]), std::atoi(argv[4]));
    return 2;
  }
  // --seconds=N: how long each flat-out case traces (default 3); --otlp-endpoint=URL: the
  // receiver for the otlp_receiver cases (none without it).
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--seconds=", 10) == 0) g_seconds = std::atof(argv[i] + 10);
    else if (std::strncmp(argv[i], "--otlp-endpoint=", 16) == 0) g_otlp_endpoint = argv[i] + 16;
    else rest.push_back(argv[i]);
  }
  int rest_count = static_cast<int>(rest.size());
  std::vector<const char*> exporters = {"local", "otlp_encode", "server_encode"};
  if (!g_otlp_endpoint.empty()) exporters.insert(exporters.begin() + 1, "otlp_receiver");
  for (const char* exporter : exporters)
    for (int spans : {1, 10})
      benchmark::RegisterBenchmark(("BM_FlatOut/" + std::string(exporter) + "/" + std::to_string(spans)).c_str(),
                                   BM_FlatOut, std::string(exporter), spans)
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
  for (int spans : {1, 10})
    benchmark::RegisterBenchmark(("BM_QueuedHeap/" + std::to_string(spans)).c_str(), BM_QueuedHeap, spans)
        ->Iterations(1);
  benchmark::Initialize(&rest_count, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) return 2;
  benchmark::AddCustomContext("flat_out_seconds", std::to_string(g_seconds));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
