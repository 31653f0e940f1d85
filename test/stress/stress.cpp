// stress: many threads tracing at once, for a few seconds, then every trace is counted back from
// the local trace store. Run in the normal build and under AddressSanitizer and ThreadSanitizer
// (ctest `stress`, label "sanitizers"; tools/run-tests).
//
// What runs at once, until the deadline (--seconds) or each worker's trace cap:
//   nested     roots with children and grandchildren, inputs, outputs, attributes, events;
//   fan-out    a root whose Context goes to other threads: one attaches it (Context::attach),
//              one runs under bind_context() through std::async; both joined before the root ends;
//   parker     short-lived threads that start a root and a child and exit with both open: the
//              spans are handed to the reaper thread, which ends them later (child first);
//   toggler    mlflow::tracing::disable() / enable(), over and over;
//   flushers   mlflow::tracing::flush() from two threads; now and then one checks that every
//              trace completed before its flush is in the store once the flush returns.
//
// Success is deterministic whatever the interleaving: every span started is known to be recorded
// or not (Span::is_recording(): inert while tracing is off), so the program knows the exact set
// of traces and the spans of each that must be in the store after the final flush. It reads
// traces.jsonl back and fails (exit 1) unless that set is there exactly: each trace once, with
// exactly its spans, one root and every parent among them; nothing else. Timing never decides.
//
//   stress --dir DIR [--seconds S] [--workers N] [--traces-per-worker K]
//
// DIR is emptied and used as MLFLOW_CPP_TRACE_DIR (the program sets its environment itself:
// the local store only, no sampling, queues large enough that no trace is dropped).
#include <mlflow/capture.h>
#include <mlflow/context.h>
#include <mlflow/trace.h>
#include <mlflow/tracing.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// --- What the program made --------------------------------------------------------------------
struct Made {
  std::mutex mutex;
  std::map<std::string, std::size_t> spans_by_trace;  // recorded traces: id -> spans recorded
  std::size_t duplicates = 0;                         // the same trace id twice: a failure
  std::size_t inert_roots = 0;                        // roots started while tracing was off
};
Made made;

// Called after the root span ended: the trace is complete from then on.
void completed(const std::string& trace_id, std::size_t spans) {
  std::lock_guard<std::mutex> lock(made.mutex);
  if (!made.spans_by_trace.emplace(trace_id, spans).second) ++made.duplicates;
}

void inert_root() {
  std::lock_guard<std::mutex> lock(made.mutex);
  ++made.inert_roots;
}

std::set<std::string> completed_so_far() {
  std::lock_guard<std::mutex> lock(made.mutex);
  std::set<std::string> ids;
  for (const auto& entry : made.spans_by_trace) ids.insert(entry.first);
  return ids;
}

std::atomic<bool> failed{false};
void fail(const std::string& message) {
  std::fprintf(stderr, "stress: FAILED: %s\n", message.c_str());
  failed.store(true);
}

// --- Workers ----------------------------------------------------------------------------------
// Each worker makes traces until the deadline or its cap of recorded traces, one about every
// millisecond (a root started while tracing is off counts for nothing: it costs nanoseconds).
struct Limits {
  Clock::time_point deadline;
  int traces_per_worker;
  bool over(int recorded) const {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return recorded >= traces_per_worker || Clock::now() >= deadline;
  }
};

// A child of the current span with a few values; counts itself if it records.
std::size_t child(const char* name, mlflow::SpanType type, int value, std::mt19937& rng,
                  int depth) {
  auto span = mlflow::start_span(name, type);
  std::size_t spans = span.is_recording() ? 1 : 0;
  span.set_inputs({{"value", value}, {"depth", depth}});
  if (rng() % 2 == 0) span.set_attribute("stress.kind", "child");
  if (rng() % 4 == 0) span.add_event("tick", {{"n", value}});
  if (depth > 0 && rng() % 2 == 0) spans += child("grandchild", mlflow::SpanType::TOOL, value + 1, rng, depth - 1);
  span.set_outputs(value * 2);
  return spans;
}

void nested_worker(int index, Limits limits) {
  std::mt19937 rng(1000 + index);
  for (int i = 0; !limits.over(i);) {
    std::string trace_id;
    std::size_t spans = 0;
    {
      auto root = mlflow::start_span("nested", mlflow::SpanType::AGENT);
      if (!root.is_recording()) {
        inert_root();
        continue;
      }
      trace_id = root.trace_id();
      spans = 1;
      root.set_inputs({{"worker", index}, {"i", i++}});  // i: the traces recorded so far
      const int children = static_cast<int>(rng() % 4);
      for (int c = 0; c < children; ++c) spans += child("step", mlflow::SpanType::CHAIN, c, rng, 2);
      root.set_outputs("done");
    }
    completed(trace_id, spans);
  }
}

void fan_out_worker(int index, Limits limits) {
  std::mt19937 rng(2000 + index);
  for (int i = 0; !limits.over(i);) {
    std::string trace_id;
    std::atomic<std::size_t> spans{0};
    {
      auto root = mlflow::start_span("fan_out", mlflow::SpanType::CHAIN);
      if (!root.is_recording()) {
        inert_root();
        continue;
      }
      trace_id = root.trace_id();
      spans = 1;
      ++i;
      const mlflow::Context ctx = mlflow::Context::current();
      std::thread attached([&, ctx, seed = rng()] {
        std::mt19937 local(seed);
        auto scope = ctx.attach();
        spans += child("attached", mlflow::SpanType::RETRIEVER, 1, local, 1);
      });
      auto async = std::async(std::launch::async, mlflow::bind_context([&, seed = rng()] {
        std::mt19937 local(seed);
        return child("bound", mlflow::SpanType::LLM, 2, local, 1);
      }));
      spans += child("local", mlflow::SpanType::PARSER, 3, rng, 0);
      spans += async.get();
      attached.join();  // before the root ends: its spans belong to the trace
    }
    completed(trace_id, spans.load());
  }
}

// Spans whose starting thread has exited, waiting for the reaper.
struct Parked {
  std::string trace_id;
  std::size_t spans = 0;
  std::vector<mlflow::Span> open;  // root first
};

class ParkingLot {
 public:
  void park(Parked parked) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      lot_.push_back(std::move(parked));
    }
    changed_.notify_one();
  }
  void close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    changed_.notify_one();
  }
  // The reaper: ends what is parked, children first, until closed and empty.
  void reap() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return closed_ || !lot_.empty(); });
      if (lot_.empty()) return;
      Parked parked = std::move(lot_.front());
      lot_.pop_front();
      lock.unlock();
      for (auto it = parked.open.rbegin(); it != parked.open.rend(); ++it) it->end();
      if (!parked.trace_id.empty()) completed(parked.trace_id, parked.spans);
      lock.lock();
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Parked> lot_;
  bool closed_ = false;
};

void parker_worker(int index, Limits limits, ParkingLot& lot) {
  std::atomic<int> recorded{0};
  for (int i = 0; !limits.over(recorded.load()); ++i) {
    std::thread([&lot, &recorded, index, i] {
      Parked parked;
      auto root = mlflow::start_span("parked", mlflow::SpanType::WORKFLOW);
      if (!root.is_recording()) {
        inert_root();
        return;
      }
      parked.trace_id = root.trace_id();
      ++recorded;
      root.set_inputs({{"worker", index}, {"i", i}});
      auto kid = mlflow::start_span("parked_child", mlflow::SpanType::TASK);
      parked.spans = 1 + (kid.is_recording() ? 1 : 0);
      parked.open.push_back(std::move(root));
      parked.open.push_back(std::move(kid));
      lot.park(std::move(parked));
    }).join();  // the thread has exited with its spans open
  }
}

void toggler(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    mlflow::tracing::disable();
    std::this_thread::sleep_for(std::chrono::microseconds(300));
    mlflow::tracing::enable();
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  mlflow::tracing::enable();
}

// Trace ids in the store: "tr-" and 32 hex digits (the info's id; span ids are base64).
std::set<std::string> stored_trace_ids(const std::filesystem::path& file) {
  std::set<std::string> ids;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find("\"tr-");
    if (at != std::string::npos && line.size() >= at + 36) ids.insert(line.substr(at + 1, 35));
  }
  return ids;
}

void flusher(int index, const std::atomic<bool>& stop, const std::filesystem::path& store) {
  int round = 0;
  while (!stop.load()) {
    // Flusher 0, every 20th round: what completed before the flush must be stored after it.
    const bool check = index == 0 && round++ % 20 == 19;
    const std::set<std::string> before = check ? completed_so_far() : std::set<std::string>{};
    if (!mlflow::tracing::flush(std::chrono::seconds(120))) fail("a flush timed out");
    if (check) {
      const std::set<std::string> stored = stored_trace_ids(store);
      std::size_t missing = 0;
      for (const auto& id : before) missing += stored.count(id) == 0 ? 1 : 0;
      if (missing != 0)
        fail(std::to_string(missing) + " of " + std::to_string(before.size()) +
             " traces completed before a flush were not in the store after it");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// --- Reading back -----------------------------------------------------------------------------
void check_store(const std::filesystem::path& file) {
  std::map<std::string, std::size_t> expected;
  std::size_t inert = 0;
  {
    std::lock_guard<std::mutex> lock(made.mutex);
    expected = made.spans_by_trace;
    inert = made.inert_roots;
    if (made.duplicates != 0) fail(std::to_string(made.duplicates) + " trace ids were given twice");
  }
  std::size_t expected_spans = 0;
  for (const auto& entry : expected) expected_spans += entry.second;

  std::ifstream in(file);
  if (!in) return fail("no store at " + file.string());
  std::map<std::string, std::size_t> stored;
  std::size_t lines = 0, stored_spans = 0, bad = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++lines;
    const auto trace = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (trace.is_discarded()) {
      if (++bad <= 3) fail("line " + std::to_string(lines) + " is not JSON");
      continue;
    }
    std::string id;
    std::size_t count = 0, roots = 0;
    try {
      id = trace.at("info").at("trace_id").get<std::string>();
      const auto& spans = trace.at("data").at("spans");
      count = spans.size();
      std::set<std::string> span_ids;
      for (const auto& span : spans) span_ids.insert(span.at("span_id").get<std::string>());
      for (const auto& span : spans) {
        const auto& parent = span.at("parent_span_id");
        if (parent.is_null()) ++roots;
        else if (!span_ids.count(parent.get<std::string>()) && ++bad <= 3)
          fail("trace " + id + ": span " + span.value("name", "") + " has no parent in its trace");
      }
    } catch (const std::exception& e) {
      if (++bad <= 3) fail("line " + std::to_string(lines) + " is not a trace: " + e.what());
      continue;
    }
    if (roots != 1 && ++bad <= 3) fail("trace " + id + " has " + std::to_string(roots) + " roots");
    if (!stored.emplace(id, count).second && ++bad <= 3) fail("trace " + id + " is stored twice");
    stored_spans += count;
  }

  std::size_t missing = 0, unexpected = 0, wrong = 0;
  for (const auto& [id, spans] : expected) {
    const auto it = stored.find(id);
    if (it == stored.end()) {
      if (++missing <= 3) fail("trace " + id + " is not in the store");
    } else if (it->second != spans && ++wrong <= 3) {
      fail("trace " + id + " has " + std::to_string(it->second) + " spans in the store, " +
           std::to_string(spans) + " were recorded");
    }
  }
  for (const auto& entry : stored)
    if (!expected.count(entry.first) && ++unexpected <= 3) fail("trace " + entry.first + " was never made");
  if (missing + unexpected + wrong != 0)
    fail(std::to_string(missing) + " traces missing, " + std::to_string(unexpected) +
         " unexpected, " + std::to_string(wrong) + " with other spans");

  std::printf("stress: made %zu traces (%zu spans; %zu roots started while tracing was off), "
              "store has %zu traces (%zu spans)\n",
              expected.size(), expected_spans, inert, stored.size(), stored_spans);
  if (expected.size() < 100) fail("fewer than 100 traces were made: nothing was stressed");
}

int usage() {
  std::fprintf(stderr, "usage: stress --dir DIR [--seconds S] [--workers N] [--traces-per-worker K]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir;
  double seconds = 3;
  int workers = 3;  // of each kind
  int traces_per_worker = 1500;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    if (arg == "--dir") dir = value;
    else if (arg == "--seconds") seconds = std::atof(value);
    else if (arg == "--workers") workers = std::atoi(value);
    else if (arg == "--traces-per-worker") traces_per_worker = std::atoi(value);
    else return usage();
  }
  if (dir.empty() || seconds <= 0 || workers <= 0 || traces_per_worker <= 0) return usage();

  // Before the runtime reads its configuration (on the first span): the local store in DIR,
  // every trace sampled, no trace dropped for a full queue, a flush deadline that a loaded,
  // sanitized run still meets.
  std::filesystem::remove_all(dir);
  for (const char* name : {"MLFLOW_TRACKING_URI", "OTEL_EXPORTER_OTLP_ENDPOINT",
                           "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "MLFLOW_TRACE_SAMPLING_RATIO"})
    unsetenv(name);
  setenv("MLFLOW_CPP_TRACE_DIR", dir.c_str(), 1);
  setenv("MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE", "10000000", 1);
  setenv("MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES", "4294967296", 1);
  setenv("MLFLOW_CPP_FLUSH_TIMEOUT_MS", "120000", 1);
  const std::filesystem::path store = dir / "traces.jsonl";

  const Limits limits{Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(seconds)),
                      traces_per_worker};
  std::atomic<bool> stop{false};
  ParkingLot lot;
  std::thread reaper([&] { lot.reap(); });
  std::vector<std::thread> background;
  background.emplace_back([&] { toggler(stop); });
  for (int f = 0; f < 2; ++f) background.emplace_back([&, f] { flusher(f, stop, store); });
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back(nested_worker, w, limits);
    threads.emplace_back(fan_out_worker, w, limits);
    threads.emplace_back(parker_worker, w, limits, std::ref(lot));
  }
  for (auto& t : threads) t.join();
  stop.store(true);
  for (auto& t : background) t.join();
  lot.close();
  reaper.join();

  if (!mlflow::tracing::flush()) fail("the final flush timed out");
  check_store(store);
  if (failed.load()) return 1;
  std::printf("stress: OK\n");
  return 0;
}
