// trace_memory_bench.cpp: the memory of one very large trace, in a program shaped like issue
// 15's (every function of a library traced: one trace of 2 million spans, a 964 MB peak and a
// 48 MB trace line), exported to the local store. Each case runs in a child process of its own
// (this binary, spawned with --child), so the peak RSS it reports (VmHWM) is that case's alone:
//
//   default     the default limits: a trace is cut at MLFLOW_CPP_MAX_TRACE_BYTES (16 MiB)
//   unbounded   MLFLOW_CPP_MAX_TRACE_BYTES=0 and a memory budget no trace reaches: the behaviour
//               before the limits, for the ratio
//   8_threads   8 threads, each with a trace of the same shape, default limits: the open traces
//               share the 64 MiB memory budget (MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES)
//
// For each: peak RSS above the child's RSS before it traced anything, the stored trace lines
// (bytes, spans in them, the tags that say spans were left out), mlflow::tracing::stats(), and
// the wall time from the first span to the end of the flush. The last benchmark, "checks", holds
// the bounds below against those figures; the program exits 1 when one is not met. These are
// memory bounds, not timings: the wall times are reported only.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <mlflow/trace.h>

#include "child_process.h"

namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
// The runtime's defaults (docs/configuration.md), which the bounds are stated in.
constexpr std::size_t kTraceCap = 16 * kMiB;  // MLFLOW_CPP_MAX_TRACE_BYTES
constexpr std::size_t kBudget = 64 * kMiB;    // MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES
// What a traced process holds beyond its traces' records: the export thread and its buffers,
// the local store's writer, malloc's arenas for the tracing threads. Fixed, not per span.
constexpr std::size_t kAllowance = 16 * kMiB;

// The program's shape: a root, 20 calls under it, 100 under each of those, 999 leaves under
// each of those: 2,000,021 spans, each with a ~100-byte string argument and an int result.
constexpr int kFanout[] = {20, 100, 999};
constexpr long kSpansPerTrace = 1 + 20 + 20 * 100 + 20 * 100 * 999;

struct Case {
  const char* name;
  int threads;
  std::vector<std::pair<std::string, std::string>> env;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"default", 1, {}},
      {"unbounded", 1,
       {{"MLFLOW_CPP_MAX_TRACE_BYTES", "0"},
        {"MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES", std::to_string(std::size_t{1} << 40)}}},
      {"8_threads", 8, {}},
  };
  return all;
}

// ---- the child: the traced program -------------------------------------------------------

std::size_t status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, n, field) == 0 && line[n] == ':') return std::stoul(line.substr(n + 1));
  return 0;
}

// The argument every span records, as a traced function with a `const std::string& text`
// parameter records it: ~100 bytes of text.
const std::string& input_json() {
  static const std::string text =
      R"({"text":"The quick brown fox jumps over the lazy dog while the export thread )"
      R"(writes the trace line."})";
  return text;
}

void call(int depth, long& made) {
  auto span = mlflow::start_span(depth == 3 ? "leaf" : "step", mlflow::SpanType::TOOL);
  ++made;
  span.set_inputs_json(input_json());
  if (depth < 3)
    for (int i = 0; i < kFanout[depth]; ++i) call(depth + 1, made);
  span.set_outputs(static_cast<int>(made));
}

// The most RSS seen just before a root span ends: what the open traces hold, before any line is
// written (set against the trace's estimated size, trace_size.h).
std::atomic<std::size_t> g_rss_before_root_end_kib{0};

long one_trace() {
  long made = 1;
  auto root = mlflow::start_span("main", mlflow::SpanType::AGENT);
  root.set_inputs_json(input_json());
  for (int i = 0; i < kFanout[0]; ++i) call(1, made);
  root.set_outputs(static_cast<int>(made));
  const std::size_t rss = status_kib("VmRSS");
  for (std::size_t seen = g_rss_before_root_end_kib.load(); seen < rss &&
       !g_rss_before_root_end_kib.compare_exchange_weak(seen, rss);) {
  }
  return made;
}

// The most heap in use (mallinfo2: small blocks in use plus mmapped large ones), sampled every
// 2 ms while the case runs: what the process holds, apart from what malloc keeps after a free
// (per-thread arenas do not return freed memory to other threads, so RSS can exceed it).
class HeapSampler {
 public:
  HeapSampler() : thread_([this] { run(); }) {}
  ~HeapSampler() { stop(); }
  std::size_t stop() {
    if (thread_.joinable()) {
      done_ = true;
      thread_.join();
    }
    return peak_;
  }

 private:
  void run() {
    while (!done_) {
      const auto info = mallinfo2();
      peak_ = std::max(peak_, info.uordblks + info.hblkhd);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  std::atomic<bool> done_{false};
  std::size_t peak_ = 0;
  std::thread thread_;
};

int run_child(int threads) {
  const std::size_t baseline_kib = status_kib("VmRSS");
  const auto heap_before = mallinfo2();
  HeapSampler sampler;
  const auto start = std::chrono::steady_clock::now();
  std::vector<long> made(threads, 0);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back([&made, t] { made[t] = one_trace(); });
  for (auto& w : workers) w.join();
  const bool flushed = mlflow::tracing::flush(std::chrono::minutes(10));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::size_t heap_peak = sampler.stop();
  const auto stats = mlflow::tracing::stats();
  long spans_made = 0;
  for (long m : made) spans_made += m;
  std::printf("heap_peak_above_baseline %zu\n", heap_peak - (heap_before.uordblks + heap_before.hblkhd));
  std::printf("baseline_kib %zu\npeak_kib %zu\nrss_before_root_end_kib %zu\nwall_s %.6f\nflushed %d\nspans_made %ld\n"
              "traces_completed %llu\ntraces_spilled %llu\ntraces_dropped %llu\nspans_left_out %llu\n",
              baseline_kib, status_kib("VmHWM"), g_rss_before_root_end_kib.load(), wall, flushed ? 1 : 0, spans_made,
              static_cast<unsigned long long>(stats.traces_completed),
              static_cast<unsigned long long>(stats.traces_spilled),
              static_cast<unsigned long long>(stats.traces_dropped),
              static_cast<unsigned long long>(stats.spans_left_out));
  std::fflush(stdout);
  return flushed ? 0 : 3;
}

// ---- the parent: spawn, read back, check -------------------------------------------------

struct Result {
  std::map<std::string, double> child;  // what the child printed
  std::size_t lines = 0, largest_line = 0, stored_bytes = 0, stored_spans = 0;
  std::size_t traces_cut_for_bytes = 0, traces_cut_for_budget = 0;
  std::string first_tag;  // one left-out tag's text, for the report
  double peak_above_baseline() const {
    return (child.at("peak_kib") - child.at("baseline_kib")) * 1024.0;
  }
};
std::map<std::string, Result> g_results;

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The trace lines as stored, read through mmap (a line of the unbounded case is about a GB):
// spans counted by their "span_id" keys, the left-out tags by name.
void read_store(const std::filesystem::path& file, Result& r) {
  const int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) return;
  struct stat st {};
  ::fstat(fd, &st);
  r.stored_bytes = static_cast<std::size_t>(st.st_size);
  if (st.st_size == 0) return (void)::close(fd);
  void* map = ::mmap(nullptr, r.stored_bytes, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return;
  const std::string_view all(static_cast<const char*>(map), r.stored_bytes);
  for (std::size_t begin = 0; begin < all.size();) {
    std::size_t end = all.find('\n', begin);
    if (end == std::string_view::npos) end = all.size();
    const std::string_view line = all.substr(begin, end - begin);
    ++r.lines;
    r.largest_line = std::max(r.largest_line, line.size());
    r.stored_spans += count(line, "\"span_id\"");
    for (auto [tag, counter] : {std::pair{"\"mlflow.cpp.maxTraceBytesReached\"", &r.traces_cut_for_bytes},
                                std::pair{"\"mlflow.cpp.memoryBudgetReached\"", &r.traces_cut_for_budget}}) {
      const std::size_t at = line.find(tag);
      if (at == std::string_view::npos) continue;
      ++*counter;
      if (r.first_tag.empty()) {
        const std::size_t quote = line.find('"', line.find(':', at) + 1);
        const std::size_t close = line.find('"', quote + 1);
        r.first_tag = std::string(tag) + ": " + std::string(line.substr(quote + 1, close - quote - 1));
      }
    }
    begin = end + 1;
  }
  ::munmap(map, r.stored_bytes);
}

std::optional<Result> run_case(const Case& c, std::string& error) {
  bench::ScratchDir dir;
  std::vector<std::pair<std::string, std::string>> env = {
      {"MLFLOW_CPP_TRACE_DIR", dir.path().string()}, {"MLFLOW_CPP_FLUSH_TIMEOUT_MS", "600000"}};
  env.insert(env.end(), c.env.begin(), c.env.end());
  auto child = bench::run_child({"--child", std::to_string(c.threads)}, env, error);
  if (!child) return std::nullopt;
  if (!child->count("peak_kib")) return error = "the child did not report its peak", std::nullopt;
  Result r;
  r.child = std::move(*child);
  read_store(dir.path() / "traces.jsonl", r);
  return r;
}

void BM_TraceMemory(benchmark::State& state, const Case& c) {
  std::optional<Result> r;
  std::string error;
  for (auto _ : state) {
    r = run_case(c, error);
    if (!r) return state.SkipWithError(error.c_str());
    state.SetIterationTime(r->child.at("wall_s"));
  }
  g_results[c.name] = *r;
  auto bytes = [](double v) { return benchmark::Counter(v, benchmark::Counter::kDefaults, benchmark::Counter::OneK::kIs1024); };
  state.counters["peak_rss_above_baseline"] = bytes(r->peak_above_baseline());
  state.counters["baseline_rss"] = bytes(r->child.at("baseline_kib") * 1024.0);
  state.counters["rss_before_root_end_above_baseline"] =
      bytes((r->child.at("rss_before_root_end_kib") - r->child.at("baseline_kib")) * 1024.0);
  state.counters["heap_peak_above_baseline"] = bytes(r->child.at("heap_peak_above_baseline"));
  state.counters["largest_line"] = bytes(static_cast<double>(r->largest_line));
  state.counters["stored_bytes"] = bytes(static_cast<double>(r->stored_bytes));
  state.counters["lines"] = static_cast<double>(r->lines);
  state.counters["spans_made"] = r->child.at("spans_made");
  state.counters["spans_recorded"] = static_cast<double>(r->stored_spans);
  state.counters["spans_left_out"] = r->child.at("spans_left_out");
  state.counters["traces_cut_bytes"] = static_cast<double>(r->traces_cut_for_bytes);
  state.counters["traces_cut_budget"] = static_cast<double>(r->traces_cut_for_budget);
  state.counters["traces_spilled"] = r->child.at("traces_spilled");
  state.counters["traces_dropped"] = r->child.at("traces_dropped");
  state.SetLabel(r->first_tag.empty() ? "no spans left out" : r->first_tag.substr(0, 200));
}

// The bounds (trace_limits.h): one trace holds at most the cap (16 MiB, estimated), and while it
// is written its line is built beside it, so the process's peak stays under 3x the cap plus a
// fixed allowance, and its line under 2x the cap. The traces open and queued hold at most twice
// the memory budget. Set against each other: the unbounded case's peak over the default one's.
bool g_all_met = true;
void BM_Checks(benchmark::State& state) {
  for (auto _ : state) {
  }
  auto check = [&](const std::string& name, double value, double bound) {
    const bool met = value <= bound;
    state.counters[name] = value;
    state.counters[name + "_bound"] = bound;
    state.counters[name + "_met"] = met;
    std::fprintf(stderr, "trace_memory_bench: %-34s %8.1f MiB, bound %6.1f MiB: %s\n", name.c_str(),
                 value / kMiB, bound / kMiB, met ? "met" : "NOT MET");
    g_all_met = g_all_met && met;
  };
  if (auto a = g_results.find("default"); a != g_results.end()) {
    check("default_peak_above_baseline", a->second.peak_above_baseline(), 3.0 * kTraceCap + kAllowance);
    check("default_largest_line", static_cast<double>(a->second.largest_line), 2.0 * kTraceCap);
    if (auto b = g_results.find("unbounded"); b != g_results.end()) {
      const double ratio = b->second.peak_above_baseline() / a->second.peak_above_baseline();
      state.counters["unbounded_over_default_peak"] = ratio;
      state.counters["unbounded_over_default_line"] =
          static_cast<double>(b->second.largest_line) / static_cast<double>(a->second.largest_line);
      std::fprintf(stderr, "trace_memory_bench: unbounded / default peak RSS above baseline: %.1fx\n", ratio);
    }
  }
  if (auto c = g_results.find("8_threads"); c != g_results.end()) {
    check("8_threads_peak_above_baseline", c->second.peak_above_baseline(), 2.0 * kBudget + kAllowance);
    check("8_threads_largest_line", static_cast<double>(c->second.largest_line), 2.0 * kTraceCap);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--child") == 0) return run_child(std::atoi(argv[2]));
  for (const Case& c : cases())
    benchmark::RegisterBenchmark((std::string("BM_TraceMemory/") + c.name).c_str(), BM_TraceMemory, c)
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  // Last: Google Benchmark runs them in the order registered.
  benchmark::RegisterBenchmark("BM_TraceMemory/checks", BM_Checks)->Iterations(1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::AddCustomContext("spans_per_trace", std::to_string(kSpansPerTrace));
  benchmark::AddCustomContext("exporter", "local store (MLFLOW_CPP_TRACE_DIR, traces.jsonl)");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!g_all_met) std::fprintf(stderr, "trace_memory_bench: a memory bound was not met\n");
  return g_all_met ? 0 : 1;
}
