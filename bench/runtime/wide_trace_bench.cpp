// wide_trace_bench.cpp: a wide trace in a freshly started program (issue 16): the program's
// first trace has 20,000 child spans (an agent loop, a batch job), each a traced function with
// an int argument and an int result captured, compiled with the plugin as a user's would be.
//
// Each measurement is a process of its own (this binary, spawned with --child): "cold" is its
// first trace, every span record fresh memory; then the trace is exported, a 1-span trace
// completes (the home thread frees what the export thread sent back, home_thread_release.h),
// and the same wide trace again is "warm", its records recycled. Both are the calling thread's
// CPU time (CLOCK_THREAD_CPUTIME_ID: page faults included) per child span, less the same loop of
// plain twins, measured in the same process. The runtime is started (configuration read, export
// thread running) before the clock starts: that is paid once per process, not per span.
// Exporter: the local store (as shipped), in a scratch directory; only the calling thread's
// CPU is counted, so the export itself is not.
//
// Target: cold within 1.3x of warm, both at most 40 ns per span (the nested-span target).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <mlflow/attributes.h>
#include <mlflow/trace.h>

#include "child_process.h"

#ifndef MLFLOW_CPP_PLUGIN_ACTIVE
#error "wide_trace_bench.cpp must be compiled with the mlflow-cpp plugin"
#endif

namespace {

constexpr int kChildren = 20000;
constexpr int kProcesses = 7;    // fresh processes, each one cold and kWarmRounds warm traces
constexpr int kWarmRounds = 3;

MLFLOW_TRACE(TOOL) [[gnu::noinline]] int wide_child(int step) {
  benchmark::DoNotOptimize(step);
  return step + 1;
}
[[gnu::noinline]] int plain_child(int step) {
  benchmark::DoNotOptimize(step);
  return step + 1;
}

MLFLOW_TRACE(AGENT) [[gnu::noinline]] long wide_root(int children) {
  long sum = 0;
  for (int i = 0; i < children; ++i) sum += wide_child(i);
  return sum;
}
[[gnu::noinline]] long plain_root(int children) {
  long sum = 0;
  for (int i = 0; i < children; ++i) sum += plain_child(i);
  return sum;
}

template <typename Fn>
double thread_seconds(Fn&& fn) {
  const double start = bench::cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  fn();
  return bench::cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - start;
}

int run_child() {
  mlflow::tracing::flush(std::chrono::milliseconds(0));  // starts the runtime
  long sink = 0;
  const double cold = thread_seconds([&] { sink += wide_root(kChildren); });
  mlflow::tracing::flush();
  std::vector<double> warm;
  for (int round = 0; round < kWarmRounds; ++round) {
    sink += wide_root(0);  // completes a trace: the previous wide trace's records are freed
    mlflow::tracing::flush();
    warm.push_back(thread_seconds([&] { sink += wide_root(kChildren); }));
    mlflow::tracing::flush();
  }
  std::vector<double> plain;
  for (int round = 0; round < 5; ++round) plain.push_back(thread_seconds([&] { sink += plain_root(kChildren); }));
  benchmark::DoNotOptimize(sink);
  std::sort(warm.begin(), warm.end());
  std::sort(plain.begin(), plain.end());
  const double plain_s = plain[plain.size() / 2];
  const auto stats = mlflow::tracing::stats();
  std::printf("cold_ns_per_span %.3f\nwarm_ns_per_span %.3f\nplain_ns_per_call %.3f\n"
              "traces_completed %llu\ntraces_dropped %llu\nspans_left_out %llu\n",
              (cold - plain_s) * 1e9 / kChildren, (warm[warm.size() / 2] - plain_s) * 1e9 / kChildren,
              plain_s * 1e9 / kChildren, static_cast<unsigned long long>(stats.traces_completed),
              static_cast<unsigned long long>(stats.traces_dropped),
              static_cast<unsigned long long>(stats.spans_left_out));
  return 0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void BM_WideTrace(benchmark::State& state) {
  std::vector<double> cold, warm, ratio, plain;
  for (auto _ : state) {
    for (int p = 0; p < kProcesses; ++p) {
      bench::ScratchDir dir;
      std::string error;
      auto r = bench::run_child({"--child"}, {{"MLFLOW_CPP_TRACE_DIR", dir.path().string()}}, error);
      if (!r) return state.SkipWithError(error.c_str());
      if ((*r)["spans_left_out"] != 0 || (*r)["traces_dropped"] != 0)
        return state.SkipWithError("spans or traces were left out: the figures would not be for 20,000 spans");
      cold.push_back((*r)["cold_ns_per_span"]);
      warm.push_back((*r)["warm_ns_per_span"]);
      ratio.push_back(cold.back() / warm.back());
      plain.push_back((*r)["plain_ns_per_call"]);
    }
  }
  state.counters["children"] = kChildren;
  state.counters["processes"] = kProcesses;
  state.counters["cold_ns_per_span"] = median(cold);
  state.counters["cold_ns_per_span_min"] = *std::min_element(cold.begin(), cold.end());
  state.counters["cold_ns_per_span_max"] = *std::max_element(cold.begin(), cold.end());
  state.counters["warm_ns_per_span"] = median(warm);
  state.counters["warm_ns_per_span_min"] = *std::min_element(warm.begin(), warm.end());
  state.counters["warm_ns_per_span_max"] = *std::max_element(warm.begin(), warm.end());
  state.counters["cold_over_warm"] = median(ratio);  // per process, then the median
  state.counters["plain_ns_per_call"] = median(plain);
}

}  // namespace

BENCHMARK(BM_WideTrace)->Iterations(1)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--child") == 0) return run_child();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::AddCustomContext("children_per_trace", std::to_string(kChildren));
  benchmark::AddCustomContext("exporter", "local store (MLFLOW_CPP_TRACE_DIR, traces.jsonl); calling thread's CPU only");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
