// encode_sample.cpp: writes one OTLP/protobuf ExportTraceServiceRequest to stdout, for
// test_otlp_decode.py to decode with the official classes and MLflow's own ingest code.
//
// Two traces, fixed ids and times: trace 1 = root "agent" (CHAIN) with children "llm"
// (CHAT_MODEL, token usage, typed attributes) and "tool" (TOOL, ERROR with an exception event,
// invalid UTF-8 in its name and an attribute); trace 2 = a single root "second" (UNSET status).
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "otlp_encoding.h"

using namespace mlflow::detail;
using mlflow::SpanStatusCode;
using nlohmann::json;

namespace {

constexpr std::int64_t kBase = 1795578631422000000;  // 2026-11-25T03:50:31.422Z

std::unique_ptr<SpanRecord> span(SpanId id, SpanId parent, std::string name, std::string type,
                                 std::int64_t start_ms, std::int64_t end_ms, SpanStatusCode status) {
  auto s = std::make_unique<SpanRecord>();
  s->span_id = id;
  s->parent_span_id = parent;
  s->name = std::move(name);
  s->span_type = std::move(type);
  s->start_unix_nano = kBase + start_ms * 1000000;
  s->end_unix_nano = kBase + end_ms * 1000000;
  s->status = status;
  return s;
}

}  // namespace

int main() {
  CompletedTrace first;
  first.trace_id = {0x0123456789abcdefull, 0xfedcba9876543210ull};
  first.experiment_id = "0";

  auto root = span(0x1000000000000001ull, 0, "agent", "CHAIN", 0, 100, SpanStatusCode::OK);
  root->has_inputs = true;
  root->inputs = json{{"question", "h\xc3\xa9llo \xe2\x98\x83"}};  // "héllo ☃"
  root->has_outputs = true;
  root->outputs = R"({"not": "parsed"})";  // a string that looks like JSON stays a string
  root->attributes = {{"mlflow.traceRequestId", "tr-must-not-be-sent"},
                      {"mlflow.spanFunctionName", "run_agent"}};

  auto llm = span(0x1000000000000002ull, 0x1000000000000001ull, "llm", "CHAT_MODEL", 10, 60,
                  SpanStatusCode::OK);
  llm->has_inputs = true;
  llm->inputs = json::parse(R"({"messages": [{"role": "user", "content": "hi"}]})");
  llm->has_outputs = true;
  llm->outputs = json::parse(
      R"({"choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"}}]})");
  llm->attributes = {
      {"mlflow.chat.tokenUsage", json{{"input_tokens", 3}, {"output_tokens", 5}, {"total_tokens", 8}}},
      {"mlflow.message.format", "openai"},
      {"mlflow.llm.model", "gpt-4o-mini"},
      {"retries", -2},
      {"streamed", true},
      {"temperature", 0.25},
      {"nothing", nullptr},
      {"tags", json::array({"a", 1})}};

  auto tool = span(0x1000000000000003ull, 0x1000000000000001ull, "tool \xff", "TOOL", 70, 90,
                   SpanStatusCode::ERROR);
  tool->has_inputs = true;
  tool->inputs = 42;
  tool->status_message = "RuntimeError: boom";
  tool->attributes = {{"note", "bad \xc3 byte"}};
  tool->events.push_back({"exception", kBase + 89 * 1000000,
                          json{{"exception.type", "RuntimeError"},
                               {"exception.message", "boom"},
                               {"exception.stacktrace", "#0 main"},
                               {"exception.escaped", false},
                               {"attempt", 2},
                               {"detail", json{{"k", "v"}}}}});

  first.spans.push_back(std::move(root));
  first.spans.push_back(std::move(llm));
  first.spans.push_back(std::move(tool));

  CompletedTrace second;
  second.trace_id = {0x1ull, 0x2ull};
  second.experiment_id = "0";
  second.spans.push_back(span(0x2000000000000001ull, 0, "second", "UNKNOWN", 200, 201,
                              SpanStatusCode::UNSET));

  OtlpResource resource;
  resource.service_name = "otlp-sample";
  resource.attributes = {{"deployment.environment", "test"}};

  std::string bytes = encode_export_trace_service_request({&first, &second}, resource);
  return std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size() ? 0 : 1;
}
