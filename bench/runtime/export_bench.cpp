// export_bench.cpp: the export path, one core: completed traces encoded to OTLP/protobuf (the
// body of POST /v1/traces) and written to the local trace store, in spans per second; and the
// bytes a queued span holds while it waits for export.
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/completed_trace.h"
#include "core/ids.h"
#include "export/local_store/local_store_exporter.h"
#include "format/otlp_encoding.h"
#include "format/trace_line_writer.h"

namespace {

using namespace mlflow::detail;

// A trace like a traced agent's: a root with `spans - 1` children, each with small inputs and
// outputs like the typical captured call (an int, a string, a vector of three strings; a string
// result).
std::unique_ptr<CompletedTrace> make_trace(int spans) {
  auto trace = std::make_unique<CompletedTrace>();
  trace->trace_id = new_trace_id();
  trace->experiment_id = "0";
  SpanId root = 0;
  for (int i = 0; i < spans; ++i) {
    auto span = std::make_unique<SpanRecord>();
    span->span_id = new_span_id();
    span->parent_span_id = root;
    if (i == 0) root = span->span_id;
    span->name = i == 0 ? "agent" : "traced_typical";
    span->span_type = i == 0 ? "AGENT" : "TOOL";
    span->start_unix_nano = 1764000000000000000 + i * 1000;
    span->end_unix_nano = span->start_unix_nano + 500;
    span->status = mlflow::SpanStatusCode::OK;
    span->has_inputs = true;
    span->inputs = nlohmann::json{{"id", 42}, {"name", "request"}, {"tags", {"alpha", "beta", "gamma"}}};
    span->has_outputs = true;
    span->outputs = "request45";
    span->attributes.emplace_back("mlflow.spanFunctionName", "traced_typical");
    span->ended = true;
    trace->spans.push_back(std::move(span));
  }
  return trace;
}

void BM_EncodeOtlp(benchmark::State& state) {
  const int spans_per_trace = static_cast<int>(state.range(0));
  std::vector<std::unique_ptr<CompletedTrace>> traces;
  std::vector<const CompletedTrace*> batch;
  for (int i = 0; i < 64; ++i) {
    traces.push_back(make_trace(spans_per_trace));
    batch.push_back(traces.back().get());
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string body = encode_export_trace_service_request(batch, OtlpResource{});
    bytes += body.size();
    benchmark::DoNotOptimize(body);
  }
  state.counters["spans_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 64 * spans_per_trace, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_WriteLocalStore(benchmark::State& state) {
  const int spans_per_trace = static_cast<int>(state.range(0));
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mlflow-cpp-bench-" + std::to_string(std::random_device{}()));
  LocalStoreExporter exporter(dir);
  ExportDeadline deadline;
  std::vector<std::unique_ptr<CompletedTrace>> batch;
  for (int i = 0; i < 64; ++i) batch.push_back(make_trace(spans_per_trace));
  for (auto _ : state) exporter.export_traces(batch, deadline);
  state.counters["spans_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 64 * spans_per_trace, benchmark::Counter::kIsRate);
  std::filesystem::remove_all(dir);
}

// Heap bytes held per span of a completed trace waiting in the export queue (mallinfo2 before
// and after building N traces). Reported as a counter; the iteration time is meaningless.
void BM_QueuedSpanMemory(benchmark::State& state) {
  const int spans_per_trace = static_cast<int>(state.range(0));
  constexpr int kTraces = 2000;
  double bytes_per_span = 0;
  for (auto _ : state) {
    malloc_trim(0);
    const std::size_t before = mallinfo2().uordblks;
    std::vector<std::unique_ptr<CompletedTrace>> queued;
    queued.reserve(kTraces);
    for (int i = 0; i < kTraces; ++i) queued.push_back(make_trace(spans_per_trace));
    const std::size_t after = mallinfo2().uordblks;
    bytes_per_span = static_cast<double>(after - before) / (kTraces * spans_per_trace);
    benchmark::DoNotOptimize(queued);
  }
  state.counters["bytes_per_span"] = bytes_per_span;
}

}  // namespace

BENCHMARK(BM_EncodeOtlp)->Arg(1)->Arg(10);
BENCHMARK(BM_WriteLocalStore)->Arg(1)->Arg(10);
BENCHMARK(BM_QueuedSpanMemory)->Arg(10)->Iterations(3);

BENCHMARK_MAIN();
