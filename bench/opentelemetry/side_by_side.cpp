// side_by_side.cpp: mlflow-cpp's manual span API against opentelemetry-cpp's SDK, one case per
// process (run.sh runs the cases in interleaved rounds; build.sh builds this file).
//
//   side_by_side <case> <threads> <spans> <dir>
//
// Each thread of <threads> makes <spans>/<threads> spans flat out, one after another: a span
// started, made current, ended. Nothing else (no attributes set by hand, no child spans). It
// prints "key value" lines:
//   thread_ns_per_span   CPU of the calling threads (CLOCK_THREAD_CPUTIME_ID, summed over the
//                        threads, over their loops only) / spans made
//   process_ns_per_span  CPU of the whole process (CLOCK_PROCESS_CPUTIME_ID) from just before the
//                        threads start to after the final flush and shutdown / spans made: the
//                        export thread and the writing included
//   thread_user_ns_per_span, thread_sys_ns_per_span, thread_minflt_per_span  the calling threads'
//                        CPU split into user and kernel time, and their minor page faults
//                        (getrusage RUSAGE_THREAD over their loops, summed) / spans made
//   wall_s, spans_made, spans_kept, spans_dropped, output_bytes, output_lines
//
// Cases:
//   mlflow_local    mlflow::start_span(name, TOOL) + end (it is the current span while it lives),
//                   the shipped pipeline and its default exporter, the local store, in <dir>
//                   (MLFLOW_CPP_TRACE_DIR), every setting at its default (a 1000-trace queue: a
//                   trace that finds it full is written to the store by the calling thread,
//                   "spilled", and kept). Then mlflow::tracing::flush(). Kept and lost from
//                   mlflow::tracing::stats(); each span is a 1-span trace.
//   mlflow_local_1m_queue  the same with the export queue raised to match opentelemetry-cpp's:
//                   MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE=1000000 and the memory budget
//                   MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES=4 GiB (so the calling threads spill only
//                   when the export thread falls a million traces behind).
//   otel_counting   opentelemetry-cpp SDK: TracerProvider, AlwaysOn sampler, BatchSpanProcessor
//                   (1,000,000-span queue, other options at their defaults) into an exporter that
//                   counts the spans and discards them. StartSpan + Scope (WithActiveSpan) + End,
//                   as opentelemetry-cpp's own BM_StartSpanWithScope. Then ForceFlush + Shutdown.
//   otel_ostream    the same with opentelemetry-cpp's OStreamSpanExporter writing to
//                   <dir>/spans.txt (an std::ofstream) as its file exporter, counted by a
//                   forwarding wrapper; the file is closed inside the measured time.
// Nothing is read from OTEL_* variables that matters here except what the SDK reads itself
// (run.sh starts every case with a clean environment).
#include <sys/resource.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <mlflow/trace.h>

#include <opentelemetry/exporters/ostream/span_exporter.h>
#include <opentelemetry/sdk/resource/resource.h>
#include <opentelemetry/sdk/trace/batch_span_processor_factory.h>
#include <opentelemetry/sdk/trace/batch_span_processor_options.h>
#include <opentelemetry/sdk/trace/exporter.h>
#include <opentelemetry/sdk/trace/processor.h>
#include <opentelemetry/sdk/trace/samplers/always_on.h>
#include <opentelemetry/sdk/trace/span_data.h>
#include <opentelemetry/sdk/trace/tracer_provider.h>
#include <opentelemetry/sdk/trace/tracer_provider_factory.h>
#include <opentelemetry/trace/provider.h>
#include <opentelemetry/trace/scope.h>
#include <opentelemetry/trace/tracer.h>

namespace {

namespace otel_sdk = opentelemetry::sdk::trace;
namespace nostd = opentelemetry::nostd;

double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class T>
inline void keep(T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

// Counts what reaches it; forwards to `inner` when there is one, else discards.
class CountingExporter final : public otel_sdk::SpanExporter {
 public:
  explicit CountingExporter(std::unique_ptr<otel_sdk::SpanExporter> inner, std::atomic<long>& count)
      : inner_(std::move(inner)), count_(count) {}
  std::unique_ptr<otel_sdk::Recordable> MakeRecordable() noexcept override {
    if (inner_) return inner_->MakeRecordable();
    return std::unique_ptr<otel_sdk::Recordable>(new otel_sdk::SpanData);
  }
  opentelemetry::sdk::common::ExportResult Export(
      const nostd::span<std::unique_ptr<otel_sdk::Recordable>>& spans) noexcept override {
    count_.fetch_add(static_cast<long>(spans.size()), std::memory_order_relaxed);
    if (inner_) return inner_->Export(spans);
    return opentelemetry::sdk::common::ExportResult::kSuccess;
  }
  bool ForceFlush(std::chrono::microseconds timeout) noexcept override {
    return inner_ ? inner_->ForceFlush(timeout) : true;
  }
  bool Shutdown(std::chrono::microseconds timeout) noexcept override {
    return inner_ ? inner_->Shutdown(timeout) : true;
  }

 private:
  std::unique_ptr<otel_sdk::SpanExporter> inner_;
  std::atomic<long>& count_;
};

struct Output {
  double bytes = 0;
  double lines = 0;
};

Output measure_output(const std::filesystem::path& dir) {
  Output out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    out.bytes += static_cast<double>(entry.file_size());
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<char> buf(1 << 20);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
      const auto n = in.gcount();
      for (std::streamsize i = 0; i < n; ++i) out.lines += buf[static_cast<std::size_t>(i)] == '\n';
    }
  }
  return out;
}

struct ThreadUsage {
  double user = 0, sys = 0, minflt = 0;
};
ThreadUsage g_usage;  // summed over the threads of the last run_threads

double seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6; }

// Runs `body(per_thread)` on `threads` threads started together; returns the summed CPU of
// their loops (seconds).
template <class Body>
double run_threads(int threads, long per_thread, Body body) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<double> cpu(static_cast<std::size_t>(threads), 0.0);
  std::vector<ThreadUsage> usage(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) {
      }
      rusage before{}, after{};
      getrusage(RUSAGE_THREAD, &before);
      const double start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
      body(per_thread);
      cpu[static_cast<std::size_t>(t)] = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - start;
      getrusage(RUSAGE_THREAD, &after);
      usage[static_cast<std::size_t>(t)] = {seconds(after.ru_utime) - seconds(before.ru_utime),
                                            seconds(after.ru_stime) - seconds(before.ru_stime),
                                            static_cast<double>(after.ru_minflt - before.ru_minflt)};
    });
  }
  while (ready.load() < threads) {
  }
  go.store(true, std::memory_order_release);
  for (auto& th : pool) th.join();
  double total = 0;
  for (double c : cpu) total += c;
  g_usage = {};
  for (const auto& u : usage) g_usage.user += u.user, g_usage.sys += u.sys, g_usage.minflt += u.minflt;
  return total;
}

void report(double thread_cpu, double process_cpu, double wall, long made, long kept, long dropped,
            const Output& out) {
  std::printf("thread_ns_per_span %.3f\nprocess_ns_per_span %.3f\nwall_s %.6f\nspans_made %ld\n"
              "spans_kept %ld\nspans_dropped %ld\noutput_bytes %.0f\noutput_lines %.0f\n",
              thread_cpu * 1e9 / static_cast<double>(made), process_cpu * 1e9 / static_cast<double>(made), wall,
              made, kept, dropped, out.bytes, out.lines);
  const double n = static_cast<double>(made);
  std::printf("thread_user_ns_per_span %.3f\nthread_sys_ns_per_span %.3f\nthread_minflt_per_span %.5f\n",
              g_usage.user * 1e9 / n, g_usage.sys * 1e9 / n, g_usage.minflt / n);
}

int run_mlflow(bool big_queue, int threads, long per_thread, const std::filesystem::path& dir) {
  // Read by mlflow-cpp the first time tracing is used (below); every other setting as shipped.
  setenv("MLFLOW_CPP_TRACE_DIR", dir.c_str(), 1);
  if (big_queue) {
    setenv("MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE", "1000000", 1);
    setenv("MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES", "4294967296", 1);
  }
  const long made = per_thread * threads;
  const double process_start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  const auto wall_start = std::chrono::steady_clock::now();
  const double thread_cpu = run_threads(threads, per_thread, [](long n) {
    for (long i = 0; i < n; ++i) {
      auto span = mlflow::start_span("manual", mlflow::SpanType::TOOL);
      keep(span);
    }
  });
  const bool flushed = mlflow::tracing::flush(std::chrono::minutes(5));
  const double process_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - process_start;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const auto stats = mlflow::tracing::stats();
  std::printf("traces_completed %llu\ntraces_spilled %llu\ntraces_dropped %llu\nspans_left_out %llu\nflushed %d\n",
              static_cast<unsigned long long>(stats.traces_completed),
              static_cast<unsigned long long>(stats.traces_spilled),
              static_cast<unsigned long long>(stats.traces_dropped),
              static_cast<unsigned long long>(stats.spans_left_out), flushed ? 1 : 0);
  const long kept = static_cast<long>(stats.traces_completed - stats.traces_dropped);
  report(thread_cpu, process_cpu, wall, made, kept, made - kept, measure_output(dir));
  return 0;
}

int run_otel(bool to_file, int threads, long per_thread, const std::filesystem::path& dir) {
  std::atomic<long> exported{0};
  std::unique_ptr<std::ofstream> file;
  std::unique_ptr<otel_sdk::SpanExporter> inner;
  if (to_file) {
    file = std::make_unique<std::ofstream>(dir / "spans.txt");
    inner = std::make_unique<opentelemetry::exporter::trace::OStreamSpanExporter>(*file);
  }
  otel_sdk::BatchSpanProcessorOptions options;
  options.max_queue_size = 1000000;
  auto processor = otel_sdk::BatchSpanProcessorFactory::Create(
      std::make_unique<CountingExporter>(std::move(inner), exported), options);
  std::shared_ptr<otel_sdk::TracerProvider> provider = otel_sdk::TracerProviderFactory::Create(
      std::move(processor), opentelemetry::sdk::resource::Resource::Create({}),
      std::make_unique<otel_sdk::AlwaysOnSampler>());
  auto tracer = provider->GetTracer("side_by_side");

  const long made = per_thread * threads;
  const double process_start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  const auto wall_start = std::chrono::steady_clock::now();
  const double thread_cpu = run_threads(threads, per_thread, [&tracer](long n) {
    for (long i = 0; i < n; ++i) {
      auto span = tracer->StartSpan("manual");
      auto scope = tracer->WithActiveSpan(span);
      span->End();
      keep(span);
    }
  });
  const bool flushed = provider->ForceFlush();
  const bool shut = provider->Shutdown();
  if (file) file->close();
  const double process_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - process_start;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  std::printf("flushed %d\nshutdown %d\n", flushed ? 1 : 0, shut ? 1 : 0);
  const long kept = exported.load();
  report(thread_cpu, process_cpu, wall, made, kept, made - kept, measure_output(dir));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s mlflow_local|mlflow_local_1m_queue|otel_counting|otel_ostream THREADS SPANS DIR\n", argv[0]);
    return 2;
  }
  const std::string which = argv[1];
  const int threads = std::atoi(argv[2]);
  const long spans = std::atol(argv[3]);
  const std::filesystem::path dir = argv[4];
  if (threads < 1 || spans < threads) return std::fprintf(stderr, "bad THREADS or SPANS\n"), 2;
  std::filesystem::create_directories(dir);
  const long per_thread = spans / threads;
  std::printf("case %s\nthreads %d\n", which.c_str(), threads);
  if (which == "mlflow_local") return run_mlflow(false, threads, per_thread, dir);
  if (which == "mlflow_local_1m_queue") return run_mlflow(true, threads, per_thread, dir);
  if (which == "otel_counting") return run_otel(false, threads, per_thread, dir);
  if (which == "otel_ostream") return run_otel(true, threads, per_thread, dir);
  std::fprintf(stderr, "unknown case %s\n", which.c_str());
  return 2;
}
