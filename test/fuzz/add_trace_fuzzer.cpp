// add_trace_fuzzer.cpp: mlflow::add_trace (mlflow/propagation.h) on any text, as a remote service
// could send it back, merged under a running span and with no span running.
//
// The input is the remote trace's text. The runtime records into a local store of its own; each
// run's traces are read back from the lines the store appended. Checks: when add_trace says the
// spans were added, the trace holds the local span and one span per span object of the input's
// data.spans, every span in the local span's trace, every parent in the trace; with no span
// running, the new root "Remote Trace <...>" holds them. When it says no, the trace holds the local
// span alone (and with no span running, nothing is recorded). Every stored trace is valid JSON.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/trace.h>

namespace {

std::filesystem::path store_dir;
std::uintmax_t read_so_far = 0;

// The traces the store appended since the last call.
std::vector<nlohmann::json> new_traces() {
  std::vector<nlohmann::json> traces;
  if (!mlflow::tracing::flush()) {
    std::fprintf(stderr, "add_trace_fuzzer: flush timed out\n");
    std::abort();
  }
  std::ifstream in(store_dir / "traces.jsonl", std::ios::binary);
  in.seekg(static_cast<std::streamoff>(read_so_far));
  for (std::string line; std::getline(in, line);) {
    read_so_far += line.size() + 1;
    nlohmann::json trace = nlohmann::json::parse(line, nullptr, false);
    if (trace.is_discarded()) {
      std::fprintf(stderr, "add_trace_fuzzer: the store holds a line that is not JSON\n");
      std::abort();
    }
    traces.push_back(std::move(trace));
  }
  return traces;
}

void fail(const char* what) {
  std::fprintf(stderr, "add_trace_fuzzer: %s\n", what);
  std::abort();
}

// How many span objects the input's data.spans holds (what add_trace adds when it accepts).
std::size_t remote_span_count(const std::string& text) {
  nlohmann::json dict = nlohmann::json::parse(text, nullptr, false);
  if (!dict.is_object() || !dict.contains("data") || !dict["data"].is_object()) return 0;
  const auto spans = dict["data"].find("spans");
  return spans != dict["data"].end() && spans->is_array() ? spans->size() : 0;
}

// One trace, its spans in one trace id, each parent among them; `expected` spans.
void check_tree(const nlohmann::json& trace, std::size_t expected) {
  const auto& spans = trace["data"]["spans"];
  if (!spans.is_array() || spans.size() != expected) fail("the trace has the wrong number of spans");
  std::set<std::string> ids;
  for (const auto& span : spans) ids.insert(span["span_id"].get<std::string>());
  for (const auto& span : spans) {
    if (span["trace_id"] != spans[0]["trace_id"]) fail("a span is in another trace");
    const auto& parent = span["parent_span_id"];
    if (&span == &spans[0]) continue;
    if (!parent.is_string() || ids.count(parent.get<std::string>()) == 0)
      fail("a span's parent is not in the trace");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                        "/mlflow-add-trace-fuzzer-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  store_dir = pattern;
  ::setenv("MLFLOW_CPP_TRACE_DIR", store_dir.c_str(), 1);
  ::unsetenv("MLFLOW_TRACKING_URI");
  ::setenv("MLFLOW_CPP_FLUSH_TIMEOUT_MS", "20000", 1);
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(store_dir, ec);
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::size_t remote = remote_span_count(text);

  bool added = false;
  {
    auto local = mlflow::start_span("local", mlflow::SpanType::CHAIN);
    added = mlflow::add_trace(text);
  }
  auto traces = new_traces();
  if (traces.size() != 1) fail("not one trace for the local span");
  check_tree(traces[0], added ? 1 + remote : 1);
  if (traces[0]["data"]["spans"][0]["name"] != "local") fail("the local span is not the root");

  // No span running: a new root holds them, or nothing is recorded.
  added = mlflow::add_trace(text);
  traces = new_traces();
  if (!added) {
    if (!traces.empty()) fail("a refused trace was recorded");
    return 0;
  }
  if (traces.size() != 1) fail("not one trace for the new root");
  check_tree(traces[0], 1 + remote);
  const std::string name = traces[0]["data"]["spans"][0]["name"];
  if (name.rfind("Remote Trace <", 0) != 0) fail("the new root is not \"Remote Trace <...>\"");
  return 0;
}
