// bridge_check.cpp: <mlflow/opentelemetry.h> against the real opentelemetry-cpp (API and SDK,
// its in-memory exporter), spans of both libraries interleaved on one thread and across threads.
// The program checks what each library recorded and exits 1, saying what differs, when the two
// are not one trace with the parents the bridge promises. mlflow-cpp writes its spans to the local
// store in $MLFLOW_CPP_TRACE_DIR (test/opentelemetry/CMakeLists.txt sets it).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <opentelemetry/context/runtime_context.h>
#include <opentelemetry/exporters/memory/in_memory_span_exporter.h>
#include <opentelemetry/sdk/trace/simple_processor.h>
#include <opentelemetry/sdk/trace/tracer_provider.h>
#include <opentelemetry/trace/provider.h>

#include <mlflow/opentelemetry.h>
#include <mlflow/trace.h>

namespace otel_api = opentelemetry::trace;
namespace otel_sdk = opentelemetry::sdk::trace;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    std::fprintf(stderr, "bridge_check: FAILED: %s\n", what.c_str());
  }
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

std::string trace_hex(const otel_api::SpanContext& c) {
  return hex(c.trace_id().Id().data(), 16);
}
std::string span_hex(const otel_api::SpanContext& c) { return hex(c.span_id().Id().data(), 8); }

// base64 (MLflow's span dict) to hex.
std::string base64_hex(const std::string& text) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    value = (value << 6) | static_cast<unsigned>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// mlflow-cpp's spans in the local store: name -> {trace (hex), span, parent}.
struct Recorded {
  std::string trace, span, parent;
};
std::map<std::string, Recorded> mlflow_spans(const std::string& dir) {
  std::map<std::string, Recorded> spans;
  std::ifstream in(dir + "/traces.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto trace = nlohmann::json::parse(line);
    for (const auto& s : trace["data"]["spans"])
      spans[s["name"]] = {base64_hex(s["trace_id"]), base64_hex(s["span_id"]),
                          s["parent_span_id"].is_string() ? base64_hex(s["parent_span_id"]) : ""};
  }
  return spans;
}

}  // namespace

int main() {
  const char* dir = std::getenv("MLFLOW_CPP_TRACE_DIR");
  if (dir == nullptr) return 2;
  mlflow::otel::install_context_bridge();

  auto exporter = std::make_unique<opentelemetry::exporter::memory::InMemorySpanExporter>();
  std::shared_ptr<opentelemetry::exporter::memory::InMemorySpanData> otel_data = exporter->GetData();
  auto provider = std::make_shared<otel_sdk::TracerProvider>(
      std::make_unique<otel_sdk::SimpleSpanProcessor>(std::move(exporter)));
  auto tracer = provider->GetTracer("bridge_check");

  std::map<std::string, otel_api::SpanContext> otel;
  {
    // otel "http_request" (current) > mlflow "agent" > otel "db_query" (current) > mlflow "tool"
    // > otel "inner" (not made current) ; and otel "sibling" under "http_request" after agent.
    auto request = tracer->StartSpan("http_request");
    otel.emplace("http_request", request->GetContext());
    auto request_scope = tracer->WithActiveSpan(request);
    {
      auto agent = mlflow::start_span("agent", mlflow::SpanType::AGENT);
      auto query = tracer->StartSpan("db_query");
      otel.emplace("db_query", query->GetContext());
      {
        auto query_scope = tracer->WithActiveSpan(query);
        auto tool = mlflow::start_span("tool", mlflow::SpanType::TOOL);
        auto inner = tracer->StartSpan("inner");
        otel.emplace("inner", inner->GetContext());
        inner->End();
        // Another thread, given otel's current context, taken while "tool" (mlflow-cpp's, the
        // newest) is current: an mlflow span there joins under tool.
        auto context = opentelemetry::context::RuntimeContext::GetCurrent();
        std::thread([&] {
          auto token = opentelemetry::context::RuntimeContext::Attach(context);
          auto worker = mlflow::start_span("worker", mlflow::SpanType::CHAIN);
        }).join();
      }
      query->End();
    }
    auto sibling = tracer->StartSpan("sibling");
    otel.emplace("sibling", sibling->GetContext());
    sibling->End();
    request->End();
  }
  // mlflow-only nesting inside an otel-only nesting inside mlflow: each library's own spans keep
  // their own parents.
  {
    auto outer = mlflow::start_span("outer");
    auto a = tracer->StartSpan("otel_a");
    otel.emplace("otel_a", a->GetContext());
    auto a_scope = tracer->WithActiveSpan(a);
    auto b = tracer->StartSpan("otel_b");
    otel.emplace("otel_b", b->GetContext());
    b->End();
    a->End();
  }
  mlflow::tracing::flush();
  provider->ForceFlush();

  // What opentelemetry-cpp exported: name -> parent.
  std::map<std::string, std::string> otel_parent;
  for (const auto& span : otel_data->GetSpans())
    otel_parent[std::string(span->GetName())] = hex(span->GetParentSpanId().Id().data(), 8);
  const auto ours = mlflow_spans(dir);
  for (const char* name : {"agent", "tool", "worker", "outer"})
    expect(ours.count(name) == 1, std::string("mlflow-cpp recorded ") + name);
  for (const char* name : {"http_request", "db_query", "inner", "sibling", "otel_a", "otel_b"})
    expect(otel_parent.count(name) == 1, std::string("opentelemetry-cpp exported ") + name);
  if (failures != 0) return 1;

  const std::string trace = trace_hex(otel.at("http_request"));
  for (const char* name : {"agent", "tool", "worker"})
    expect(ours.at(name).trace == trace, std::string(name) + " is in http_request's trace");
  for (const char* name : {"db_query", "inner", "sibling"})
    expect(trace_hex(otel.at(name)) == trace, std::string(name) + " is in http_request's trace");
  expect(ours.at("agent").parent == span_hex(otel.at("http_request")), "agent's parent is http_request");
  expect(otel_parent["db_query"] == ours.at("agent").span, "db_query's parent is agent");
  expect(ours.at("tool").parent == span_hex(otel.at("db_query")), "tool's parent is db_query");
  expect(otel_parent["inner"] == ours.at("tool").span, "inner's parent is tool");
  expect(ours.at("worker").parent == ours.at("tool").span,
         "worker (another thread, otel's context taken under tool attached) is under tool");
  expect(otel_parent["sibling"] == span_hex(otel.at("http_request")),
         "sibling (after agent ended) is under http_request");
  expect(trace_hex(otel.at("otel_a")) == ours.at("outer").trace, "otel_a is in outer's trace");
  expect(otel_parent["otel_a"] == ours.at("outer").span, "otel_a's parent is outer");
  expect(otel_parent["otel_b"] == span_hex(otel.at("otel_a")), "otel_b's parent is otel_a");
  std::printf("bridge_check: %s (%zu mlflow-cpp spans, %zu opentelemetry-cpp spans)\n",
              failures == 0 ? "one trace, parents as promised" : "FAILED", ours.size(),
              otel_parent.size());
  return failures == 0 ? 0 : 1;
}
