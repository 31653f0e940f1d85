// export_bench.cpp: the export path, one core: completed traces encoded to OTLP/protobuf (the
// body of POST /v1/traces) and written to the local trace store, in spans per second; and the
// bytes a queued span holds while it waits for export.
//
// BM_EncodeOtlp and BM_WriteLocalStore export the same hand-made traces (values set as trees)
// over and over. BM_ExportLocalStore is the export thread's whole work per trace as a traced
// program gives it: traces as the plugin records them (code location literals, inputs and
// output as JSON text), each exported once (what is read from a trace on its first export,
// such as its parsed previews, is not there again the second time), masked by the
// SecretMaskingExporter that wraps every exporter, then written to the local store.
// BM_MaskSecrets is the masking alone on the same traces.
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
#include "export/secret_masking_exporter.h"
#include "format/otlp_encoding.h"
#include "format/trace_line_writer.h"
#include "support/json_text.h"

namespace {

using namespace mlflow::detail;

// A trace of `spans` ended spans, the first the root and the others its children, each filled
// in by fill(span, index).
template <class Fill>
std::unique_ptr<CompletedTrace> make_trace_of(int spans, Fill fill) {
  auto trace = std::make_unique<CompletedTrace>();
  trace->trace_id = new_trace_id();
  trace->experiment_id = "0";
  SpanId root = 0;
  for (int i = 0; i < spans; ++i) {
    auto span = std::make_unique<SpanRecord>();
    span->span_id = new_span_id();
    span->parent_span_id = root;
    if (i == 0) root = span->span_id;
    span->start_unix_nano = 1764000000000000000 + i * 1000;
    span->end_unix_nano = span->start_unix_nano + 500;
    span->status = mlflow::SpanStatusCode::OK;
    span->has_inputs = true;
    span->has_outputs = true;
    fill(*span, i);
    span->ended = true;
    trace->spans.push_back(std::move(span));
  }
  return trace;
}

// A trace like a traced agent's: a root with `spans - 1` children, each with small inputs and
// outputs like the typical captured call (an int, a string, a vector of three strings; a string
// result).
std::unique_ptr<CompletedTrace> make_trace(int spans) {
  return make_trace_of(spans, [](SpanRecord& span, int i) {
    span.name = i == 0 ? "agent" : "traced_typical";
    span.span_type = i == 0 ? "AGENT" : "TOOL";
    span.inputs = nlohmann::json{{"id", 42}, {"name", "request"}, {"tags", {"alpha", "beta", "gamma"}}};
    span.outputs = "request45";
    span.attributes.emplace_back("mlflow.spanFunctionName", "traced_typical");
  });
}

// The same trace as a traced program records it (process_cpu_bench's): a 1-span trace is one
// typical traced call, traced_typical(int id, const std::string& name, const
// std::vector<std::string>& tags) -> std::string; a longer one is traced_agent(int steps) -> int
// calling it `spans - 1` times. Values are JSON text, written as the
// plugin's captures write them (capture_entry_points.cpp).
std::unique_ptr<CompletedTrace> make_captured_trace(int spans) {
  return make_trace_of(spans, [spans](SpanRecord& span, int i) {
    if (spans == 1 || i > 0) {
      span.name = "traced_typical";
      span.span_type = "TOOL";
      span.code = CodeLocation{"traced_typical", "traced_typical",
                               "/work/main/bench/runtime/process_cpu_bench.cpp", 78};
      append_integer(span.inputs.object_member("id"), 42);
      append_json_string(span.inputs.object_member("name"), "request");
      std::string& tags = span.inputs.object_member("tags");
      tags += '[';
      append_json_string(tags, "alpha");
      tags += ", ";
      append_json_string(tags, "beta");
      tags += ", ";
      append_json_string(tags, "gamma");
      tags += ']';
      append_json_string(span.outputs.value_text(nlohmann::json::value_t::string), "request45");
    } else {
      span.name = "traced_agent";
      span.span_type = "AGENT";
      span.code = CodeLocation{"traced_agent", "traced_agent",
                               "/work/main/bench/runtime/process_cpu_bench.cpp", 85};
      append_integer(span.inputs.object_member("steps"), spans - 1);
      append_integer(span.outputs.value_text(nlohmann::json::value_t::number_integer), 81);
    }
  });
}

using Batch = std::vector<std::unique_ptr<CompletedTrace>>;

// Batches of 64 fresh captured traces, each handed out once; refilled outside the timing.
class FreshBatches {
 public:
  explicit FreshBatches(int spans_per_trace) : spans_(spans_per_trace) {}
  Batch& next(benchmark::State& state) {
    if (next_ == batches_.size()) {
      state.PauseTiming();
      batches_.clear();
      batches_.resize(kBatches);
      for (Batch& batch : batches_)
        for (int i = 0; i < 64; ++i) batch.push_back(make_captured_trace(spans_));
      next_ = 0;
      state.ResumeTiming();
    }
    return batches_[next_++];
  }

 private:
  static constexpr std::size_t kBatches = 16;
  int spans_;
  std::vector<Batch> batches_;
  std::size_t next_ = 0;
};

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

void BM_ExportLocalStore(benchmark::State& state) {
  const int spans_per_trace = static_cast<int>(state.range(0));
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mlflow-cpp-bench-" + std::to_string(std::random_device{}()));
  // As runtime.cpp builds it: the store, wrapped by the masking of secrets (built-in rules).
  auto exporter =
      SecretMaskingExporter::wrap(std::make_unique<LocalStoreExporter>(dir), SecretRules{});
  ExportDeadline deadline;
  FreshBatches batches(spans_per_trace);
  for (auto _ : state) exporter->export_traces(batches.next(state), deadline);
  state.counters["spans_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 64 * spans_per_trace, benchmark::Counter::kIsRate);
  std::filesystem::remove_all(dir);
}

void BM_MaskSecrets(benchmark::State& state) {
  const int spans_per_trace = static_cast<int>(state.range(0));
  const SecretMasker masker{SecretRules{}};
  std::string scratch;
  FreshBatches batches(spans_per_trace);
  for (auto _ : state)
    for (const auto& trace : batches.next(state)) mask_secrets(*trace, masker, scratch);
  state.counters["spans_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 64 * spans_per_trace, benchmark::Counter::kIsRate);
}

// append_json_string, the line writer's most frequent piece, on what it escapes per span: an
// attribute key (0), the captured inputs' JSON text (1), and a long JSON text such as a chat
// request's (2, dense in quotes, with escapes of its own and non-ASCII text).
void BM_EscapeJsonString(benchmark::State& state) {
  std::string text;
  switch (state.range(0)) {
    case 0:
      text = "mlflow.spanInputs";
      break;
    case 1:
      text = R"({"id": 42, "name": "request", "tags": ["alpha", "beta", "gamma"]})";
      break;
    default:
      for (int i = 0; i < 20; ++i)
        text += R"({"role": "user", "content": "Quelle est la hauteur de la tour Eiffel ? \"330 m\"\n"}, )";
  }
  TextBuffer out;
  for (auto _ : state) {
    out.clear();
    append_json_string(out, text);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
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
BENCHMARK(BM_ExportLocalStore)->Arg(1)->Arg(10);
BENCHMARK(BM_MaskSecrets)->Arg(1)->Arg(10);
BENCHMARK(BM_EscapeJsonString)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_QueuedSpanMemory)->Arg(10)->Iterations(3);

BENCHMARK_MAIN();
