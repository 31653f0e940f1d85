// encode_sample.cpp: writes one OTLP/protobuf ExportTraceServiceRequest to stdout, for
// test_otlp_decode.py to decode with the official classes and MLflow's own ingest code.
//
// Two traces, fixed ids and times: trace 1 = root "agent" (CHAIN) with children "llm"
// (CHAT_MODEL, token usage, typed attributes) and "tool" (TOOL, ERROR with an exception event,
// invalid UTF-8 in its name and an attribute); trace 2 = a single root "second" (UNSET status).
//
// With --genai, the request is the one for a generic OpenTelemetry collector (the gen_ai.*
// attributes of otlp_genai.h added) and has a third trace of every GenAI span type, in the
// shapes the conventions are derived from: root "planner" (AGENT) with children "chat"
// (CHAT_MODEL: OpenAI request and response, tool calls, tools, provider), "get_weather" (TOOL),
// "generate" (LLM, plain strings), "embed" (EMBEDDING) and "retrieve" (RETRIEVER: no gen_ai.*).
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/otlp_encoding.h"

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

CompletedTrace genai_trace() {
  CompletedTrace trace;
  trace.trace_id = {0x3ull, 0x4ull};
  trace.experiment_id = "0";
  constexpr SpanId kRoot = 0x3000000000000001ull;

  auto planner = span(kRoot, 0, "planner", "AGENT", 300, 400, SpanStatusCode::OK);
  planner->has_inputs = true;
  planner->inputs = json::parse(R"([{"role": "user", "content": "Weather in Paris?"}])");
  planner->has_outputs = true;
  planner->outputs = "Sunny.";

  auto chat = span(0x3000000000000002ull, kRoot, "chat", "CHAT_MODEL", 310, 330, SpanStatusCode::OK);
  chat->has_inputs = true;
  chat->inputs = json::parse(R"({
    "model": "gpt-4o-mini", "temperature": 0.5, "max_tokens": 64,
    "messages": [
      {"role": "system", "content": "Be brief."},
      {"role": "user", "content": "Weather in Paris?"},
      {"role": "assistant", "content": null,
       "tool_calls": [{"id": "call_1", "type": "function",
                       "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
      {"role": "tool", "tool_call_id": "call_1", "content": "sunny, 20°C"}]})");
  chat->has_outputs = true;
  chat->outputs = json::parse(R"({
    "id": "chatcmpl-1", "model": "gpt-4o-mini",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "Sunny, 20°C."}}]})");
  chat->attributes = {
      {"mlflow.chat.tokenUsage", json{{"input_tokens", 30}, {"output_tokens", 5}, {"total_tokens", 35}}},
      {"mlflow.message.format", "openai"},
      {"mlflow.llm.model", "gpt-4o-mini"},
      {"mlflow.llm.provider", "openai"},
      {"mlflow.chat.tools", json::parse(R"([{"type": "function", "function": {
          "name": "get_weather", "description": "Current weather",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}])")}};

  auto tool = span(0x3000000000000003ull, kRoot, "get_weather", "TOOL", 335, 340, SpanStatusCode::OK);
  tool->has_inputs = true;
  tool->inputs = json{{"city", "Paris"}};
  tool->has_outputs = true;
  tool->outputs = json{{"conditions", "sunny"}, {"celsius", 20}};

  auto generate = span(0x3000000000000004ull, kRoot, "generate", "LLM", 345, 360, SpanStatusCode::OK);
  generate->has_inputs = true;
  generate->inputs = json{{"prompt", "Say it as a haiku."}};
  generate->has_outputs = true;
  generate->outputs = "Rain gone, Paris warm";
  generate->attributes = {
      {"mlflow.chat.tokenUsage", json{{"input_tokens", 6}, {"output_tokens", 5}, {"total_tokens", 11}}},
      {"mlflow.llm.model", "local-7b"}};

  auto embed = span(0x3000000000000005ull, kRoot, "embed", "EMBEDDING", 361, 365, SpanStatusCode::OK);
  embed->has_inputs = true;
  embed->inputs = json{{"input", "Paris"}, {"model", "text-embedding-3-small"}};
  embed->has_outputs = true;
  embed->outputs = json::parse(R"({"model": "text-embedding-3-small", "data": [{"embedding": [0.5]}]})");
  embed->attributes = {{"mlflow.chat.tokenUsage", json{{"input_tokens", 1}, {"total_tokens", 1}}}};

  auto retrieve = span(0x3000000000000006ull, kRoot, "retrieve", "RETRIEVER", 366, 370, SpanStatusCode::OK);
  retrieve->has_inputs = true;
  retrieve->inputs = json{{"query", "Paris"}};

  trace.spans.push_back(std::move(planner));
  trace.spans.push_back(std::move(chat));
  trace.spans.push_back(std::move(tool));
  trace.spans.push_back(std::move(generate));
  trace.spans.push_back(std::move(embed));
  trace.spans.push_back(std::move(retrieve));
  return trace;
}

}  // namespace

int main(int argc, char** argv) {
  OtlpEncodeOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--genai") == 0) {
      options.genai_semconv = true;
    } else {
      std::fprintf(stderr, "usage: %s [--genai]\n", argv[0]);
      return 2;
    }
  }

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
  // A client call, linked to the span of the second trace (OpenTelemetry span kind and links).
  tool->kind = mlflow::SpanKind::CLIENT;
  tool->links.push_back({{0x1ull, 0x2ull}, 0x2000000000000001ull,
                         json{{"reason", "retry of"}, {"attempt", 2}}});
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
  // Continued from a caller that sent a W3C tracestate.
  second.tracestate = std::make_shared<const std::string>("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");

  OtlpResource resource;
  resource.service_name = "otlp-sample";
  resource.attributes = {{"deployment.environment", "test"}};

  CompletedTrace third = genai_trace();
  std::vector<const CompletedTrace*> traces{&first, &second};
  if (options.genai_semconv) traces.push_back(&third);

  std::string bytes = encode_export_trace_service_request(traces, resource, options);
  return std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size() ? 0 : 1;
}
