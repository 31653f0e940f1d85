// span_bench.cpp: what an instrumented call costs, against the identical plain function.
//
// Compiled with clang++-19 and the mlflow-cpp plugin (bench/CMakeLists.txt), so the traced
// functions below are instrumented exactly as users' functions are. Each benchmark pair runs a
// plain function and its MLFLOW_TRACE twin in the same process and run: compare their ratio or
// difference, never absolute numbers across runs (these machines are shared and noisy).
//
// Traces are handed to an exporter that discards them, on the usual export thread, so the
// figures include completing and queueing a trace but not writing it anywhere.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <mlflow/attributes.h>
#include <mlflow/trace.h>

#include "config/config.h"
#include "export/exporter.h"
#include "runtime.h"

#ifndef MLFLOW_CPP_PLUGIN_ACTIVE
#error "span_bench.cpp must be compiled with the mlflow-cpp plugin"
#endif

namespace {

using mlflow::detail::CompletedTrace;
using mlflow::detail::Config;
using mlflow::detail::ExportDeadline;
using mlflow::detail::Runtime;
using mlflow::detail::TraceExporter;

class DiscardingExporter final : public TraceExporter {
 public:
  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>&,
                     const ExportDeadline&) noexcept override {}
};

void configure(double sampling_ratio) {
  Config config;
  config.sampling_ratio = sampling_ratio;
  config.max_queued_traces = 1 << 20;
  Runtime::reset_for_testing(config, std::make_unique<DiscardingExporter>());
  mlflow::tracing::enable();
}

// --- The functions measured: plain and traced twins, not inlined into the loop. --------------

[[gnu::noinline]] void plain_empty() { benchmark::ClobberMemory(); }
MLFLOW_TRACE(TOOL) [[gnu::noinline]] void traced_empty() { benchmark::ClobberMemory(); }

[[gnu::noinline]] std::string plain_typical(int id, const std::string& name,
                                            const std::vector<std::string>& tags) {
  return name + std::to_string(id + static_cast<int>(tags.size()));
}
MLFLOW_TRACE(TOOL)
[[gnu::noinline]] std::string traced_typical(int id, const std::string& name,
                                             const std::vector<std::string>& tags) {
  return name + std::to_string(id + static_cast<int>(tags.size()));
}

// DoNotOptimize keeps the recursion a real chain of calls (it would otherwise fold to a loop).
[[gnu::noinline]] int plain_nested(int depth) {
  benchmark::DoNotOptimize(depth);
  return depth == 0 ? 0 : 1 + plain_nested(depth - 1);
}
MLFLOW_TRACE(CHAIN) [[gnu::noinline]] int traced_nested(int depth) {
  benchmark::DoNotOptimize(depth);
  return depth == 0 ? 0 : 1 + traced_nested(depth - 1);
}

// The same chain with nothing to capture (no argument, no result): the depth left is a
// thread-local, and the work after the call keeps it a real call, not a jump.
thread_local int t_depth_left = 0;
[[gnu::noinline]] void plain_nested_empty() {
  if (--t_depth_left > 0) plain_nested_empty();
  benchmark::ClobberMemory();
}
MLFLOW_TRACE(CHAIN) [[gnu::noinline]] void traced_nested_empty() {
  if (--t_depth_left > 0) traced_nested_empty();
  benchmark::ClobberMemory();
}

const std::vector<std::string> kTags = {"alpha", "beta", "gamma"};
const std::string kName = "request";

// --- Benchmarks --------------------------------------------------------------------------------

void BM_Empty_Plain(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) plain_empty();
}
void BM_Empty_TracedDisabled(benchmark::State& state) {
  if (state.thread_index() == 0) {
    configure(1.0);
    mlflow::tracing::disable();
  }
  for (auto _ : state) traced_empty();
  if (state.thread_index() == 0) mlflow::tracing::enable();
}
void BM_Empty_TracedEnabled(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) traced_empty();
}
void BM_Empty_TracedUnsampled(benchmark::State& state) {
  if (state.thread_index() == 0) configure(0.0);
  for (auto _ : state) traced_empty();
}

void BM_Typical_Plain(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) benchmark::DoNotOptimize(plain_typical(42, kName, kTags));
}
void BM_Typical_TracedEnabled(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) benchmark::DoNotOptimize(traced_typical(42, kName, kTags));
}

void BM_Nested10_Plain(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) benchmark::DoNotOptimize(plain_nested(9));
}
void BM_Nested10_TracedEnabled(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) benchmark::DoNotOptimize(traced_nested(9));
}

void BM_Nested10Empty_Plain(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) {
    t_depth_left = 10;
    plain_nested_empty();
  }
}
void BM_Nested10Empty_TracedEnabled(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) {
    t_depth_left = 10;
    traced_nested_empty();
  }
}

// Manual API: a span started and ended by hand (mlflow::start_span), current while it runs.
void BM_Manual_StartEnd(benchmark::State& state) {
  if (state.thread_index() == 0) configure(1.0);
  for (auto _ : state) {
    auto span = mlflow::start_span("manual", mlflow::SpanType::TOOL);
    benchmark::DoNotOptimize(span);
  }
}

}  // namespace

BENCHMARK(BM_Empty_Plain)->Threads(1)->Threads(2);
BENCHMARK(BM_Empty_TracedDisabled)->Threads(1)->Threads(2);
BENCHMARK(BM_Empty_TracedEnabled)->Threads(1)->Threads(2);
BENCHMARK(BM_Empty_TracedUnsampled)->Threads(1)->Threads(2);
BENCHMARK(BM_Typical_Plain)->Threads(1)->Threads(2);
BENCHMARK(BM_Typical_TracedEnabled)->Threads(1)->Threads(2);
BENCHMARK(BM_Nested10_Plain)->Threads(1);
BENCHMARK(BM_Nested10_TracedEnabled)->Threads(1);
BENCHMARK(BM_Nested10Empty_Plain)->Threads(1);
BENCHMARK(BM_Nested10Empty_TracedEnabled)->Threads(1);
BENCHMARK(BM_Manual_StartEnd)->Threads(1)->Threads(2);

BENCHMARK_MAIN();
