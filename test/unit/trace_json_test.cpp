// trace_json_test.cpp: MLflow's JSON spellings (json_text.h, trace_json.h, trace_info.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "json_text.h"
#include "trace_info.h"
#include "trace_json.h"
#include "trace_size.h"

namespace {
using namespace mlflow::detail;
using mlflow::SpanStatusCode;

using nlohmann::json;

TEST(JsonText, SpelledLikePythonsJsonDumps) {
  EXPECT_EQ(to_json_text(json::parse(R"({"b": [1, 2.5, "x"], "a": {"k": null}})")),
            R"({"a": {"k": null}, "b": [1, 2.5, "x"]})");
  EXPECT_EQ(to_json_text("LLM"), "\"LLM\"");
  EXPECT_EQ(to_json_text(json::array()), "[]");
  EXPECT_EQ(to_json_text(json::object()), "{}");
  EXPECT_EQ(to_json_text(true), "true");
  EXPECT_EQ(to_json_text(1.0), "1.0");
  EXPECT_EQ(to_json_text("caf\xc3\xa9 \"q\"\n"), "\"caf\xc3\xa9 \\\"q\\\"\\n\"");  // ensure_ascii=False
  EXPECT_EQ(to_json_text(std::string("a\xff") + "b"), "\"a\xef\xbf\xbd" "b\"");
}

TEST(JsonText, StringsEscapedExactlyAsNlohmannAndPythonDoThem) {
  std::string every_byte_below_0x80;
  for (int c = 1; c < 0x80; ++c) every_byte_below_0x80.push_back(static_cast<char>(c));
  for (const std::string& s : {every_byte_below_0x80, std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
                               std::string("a\0b", 3), std::string("bad \xff byte"), std::string()}) {
    const json value = s;
    EXPECT_EQ(to_json_text(value), value.dump(-1, ' ', false, json::error_handler_t::replace)) << s;
    const json object = {{s, s}};
    EXPECT_EQ(to_json_text(object),
              "{" + value.dump(-1, ' ', false, json::error_handler_t::replace) + ": " +
                  value.dump(-1, ' ', false, json::error_handler_t::replace) + "}");
  }
  EXPECT_EQ(to_json_text(json::parse(R"([-5, 18446744073709551615, 0.5, true, null])")),
            "[-5, 18446744073709551615, 0.5, true, null]");
}

TEST(JsonText, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(valid_utf8("plain"), "plain");
  EXPECT_EQ(valid_utf8("\xe2\x82\xac"), "\xe2\x82\xac");           // a whole euro sign
  EXPECT_EQ(valid_utf8("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");   // cut short
  EXPECT_EQ(valid_utf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");   // overlong
  EXPECT_EQ(valid_utf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
}

TEST(JsonText, TruncationCountsCodePointsLikePython) {
  EXPECT_EQ(truncate_code_points("hello", 5), "hello");
  EXPECT_EQ(truncate_code_points("hello!", 5), "he...");
  // Multi-byte characters count once and are never cut in half.
  EXPECT_EQ(truncate_code_points("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5),
            "\xc3\xa9\xc3\xa9...");
}

TEST(TraceJson, Rfc3339Millis) {
  EXPECT_EQ(rfc3339_millis(1795578631422), "2026-11-25T03:50:31.422Z");
  EXPECT_EQ(rfc3339_millis(0), "1970-01-01T00:00:00.000Z");
}

TEST(TraceInfoPreview, ChatShapesGiveTheLastMessageOfTheRole) {
  json request = json::parse(R"({"messages": [{"role": "user", "content": "first"},
      {"role": "assistant", "content": "reply"}, {"role": "user", "content": "second"}]})");
  EXPECT_EQ(preview_of(request, "user"), "second");
  json response = json::parse(
      R"({"choices": [{"index": 0, "message": {"role": "assistant", "content": "answer"}}]})");
  EXPECT_EQ(preview_of(response, "assistant"), "answer");
  json parts = json::parse(R"({"input": [{"role": "user", "content":
      [{"type": "image_url", "image_url": {"url": "x"}}, {"type": "text", "text": "describe"}]}]})");
  EXPECT_EQ(preview_of(parts, "user"), "describe");
  json nested = json::parse(R"({"request": {"input": [{"role": "user", "content": "deep"}]}})");
  EXPECT_EQ(preview_of(nested, "user"), "deep");
  // No message of that role: the last message. No text content: the whole JSON text.
  EXPECT_EQ(preview_of(json::parse(R"({"messages": [{"role": "system", "content": "sys"}]})"),
                       "user"),
            "sys");
  EXPECT_EQ(preview_of(json::parse(R"({"messages": [{"role": "user", "content": null}]})"), "user"),
            R"({"messages": [{"content": null, "role": "user"}]})");
  EXPECT_EQ(preview_of(json("plain"), "user"), "\"plain\"");
}

TEST(TraceJson, SpanToDictHasMlflowsShape) {
  SpanRecord span;
  TraceId trace_id{0x5b8efff798038103ULL, 0xd269b633813fc60cULL};
  span.span_id = 0x0f1e2d3c4b5a6978ULL;
  span.parent_span_id = 0xeee19b7ec3c1b174ULL;
  span.name = "call_llm";
  span.span_type = "CHAT_MODEL";
  span.start_unix_nano = 1764000000100000000;
  span.end_unix_nano = 1764000000500000000;
  span.status = SpanStatusCode::ERROR;
  span.status_message = "RuntimeError: boom";
  span.has_inputs = true;
  span.inputs = json{{"messages", {{{"role", "user"}, {"content", "hi"}}}}, {"model", "gpt-x"}};
  span.attributes.emplace_back("mlflow.message.format", "openai");
  span.attributes.emplace_back("my.custom.attr", 42);
  span.events.push_back({"exception", 1764000000400000000,
                         {{"exception.type", "RuntimeError"}, {"exception.message", "boom"}}});
  json expected = json::parse(R"({
    "trace_id": "W47/95gDgQPSabYzgT/GDA==",
    "span_id": "Dx4tPEtaaXg=",
    "parent_span_id": "7uGbfsPBsXQ=",
    "name": "call_llm",
    "start_time_unix_nano": 1764000000100000000,
    "end_time_unix_nano": 1764000000500000000,
    "events": [{"name": "exception", "time_unix_nano": 1764000000400000000,
                "attributes": {"exception.type": "RuntimeError", "exception.message": "boom"}}],
    "status": {"code": "STATUS_CODE_ERROR", "message": "RuntimeError: boom"},
    "attributes": {
      "mlflow.traceRequestId": "\"tr-5b8efff798038103d269b633813fc60c\"",
      "mlflow.spanType": "\"CHAT_MODEL\"",
      "mlflow.spanInputs": "{\"messages\": [{\"content\": \"hi\", \"role\": \"user\"}], \"model\": \"gpt-x\"}",
      "mlflow.message.format": "\"openai\"",
      "my.custom.attr": "42",
      "mlflow.spanLogLevel": "40"
    },
    "links": []
  })");
  EXPECT_EQ(span_to_dict(span, trace_id), expected);
}

TEST(TraceJson, TraceInfoToDictLeavesOutUnsetFields) {
  TraceInfo info;
  info.trace_id = "tr-00000000000000000000000000000001";
  info.experiment_id = "7";
  info.request_time_ms = 1795578631422;
  info.execution_duration_ms = 58;
  info.state = "OK";
  EXPECT_EQ(trace_info_to_dict(info), json::parse(R"({
    "trace_id": "tr-00000000000000000000000000000001",
    "trace_location": {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "7"}},
    "request_time": "2026-11-25T03:50:31.422Z",
    "state": "OK",
    "execution_duration_ms": 58})"));
}

}  // namespace

namespace {

// A stored trace read back (for `mlflow-cpp push`) gives the same spans, so pushing sends what
// the program would have sent.
TEST(TraceJson, CompletedTraceFromDictRoundTrips) {
  CompletedTrace trace;
  trace.trace_id = TraceId{0x5b8efff798038103ull, 0xd269b633813fc60cull};
  auto root = std::make_unique<SpanRecord>();
  root->span_id = 0x0f1e2d3c4b5a6978ull;
  root->name = "agent";
  root->span_type = "AGENT";
  root->start_unix_nano = 1764000000100000000;
  root->end_unix_nano = 1764000000500000000;
  root->status = SpanStatusCode::OK;
  root->has_inputs = true;
  root->inputs = json{{"question", "hi"}, {"n", 3}};
  root->has_outputs = true;
  root->outputs = "done";
  root->attributes.emplace_back("mlflow.chat.tokenUsage",
                                json{{"input_tokens", 1}, {"output_tokens", 2}, {"total_tokens", 3}});
  auto child = std::make_unique<SpanRecord>();
  child->span_id = 0x1111111111111111ull;
  child->parent_span_id = root->span_id;
  child->name = "tool";
  child->span_type = "custom type";
  child->start_unix_nano = 1764000000200000000;
  child->end_unix_nano = 1764000000300000000;
  child->status = SpanStatusCode::ERROR;
  child->status_message = "std::runtime_error: boom";
  child->events.push_back({"exception", 1764000000250000000,
                           {{"exception.type", "std::runtime_error"}, {"exception.message", "boom"}}});
  trace.spans.push_back(std::move(root));
  trace.spans.push_back(std::move(child));

  const json dict = trace_to_dict(trace);
  auto back = completed_trace_from_dict(dict);
  EXPECT_EQ(back->trace_id, trace.trace_id);
  ASSERT_EQ(back->spans.size(), 2u);
  EXPECT_EQ(back->spans[0]->parent_span_id, 0u);
  EXPECT_EQ(back->spans[1]->parent_span_id, trace.spans[0]->span_id);
  EXPECT_EQ(back->spans[0]->inputs.tree(), trace.spans[0]->inputs.tree());
  EXPECT_EQ(back->spans[1]->span_type, "custom type");
  EXPECT_EQ(back->spans[1]->status, SpanStatusCode::ERROR);
  EXPECT_FALSE(back->spans[1]->has_inputs);
  for (std::size_t i = 0; i < 2; ++i)
    EXPECT_EQ(span_to_dict(*back->spans[i], back->trace_id), dict["data"]["spans"][i]) << i;

  json broken = dict;
  broken["data"]["spans"][0]["span_id"] = "not base64!";
  EXPECT_THROW(completed_trace_from_dict(broken), std::runtime_error);
  EXPECT_THROW(completed_trace_from_dict(json::object()), std::runtime_error);
}

}  // namespace

namespace {

TEST(TraceSize, CountsStringsAndNestedValues) {
  using mlflow::detail::approximate_bytes;
  EXPECT_EQ(approximate_bytes(json(5)), 0u);  // held inside the json value
  const std::size_t small = approximate_bytes(json("short"));
  const std::size_t large = approximate_bytes(json(std::string(1000, 'x')));
  EXPECT_GT(small, 0u);
  EXPECT_GE(large, small + 1000);
  const json nested = {{"a", std::string(500, 'y')}, {"b", {1, 2, std::string(300, 'z')}}};
  EXPECT_GE(approximate_bytes(nested), 800u);
  EXPECT_LT(approximate_bytes(nested), 2000u);
}

}  // namespace

namespace {

// The local store's line is written directly (no JSON tree per span); it must be exactly the
// compact dump of trace_to_dict, which MLflow's Trace.from_json reads (test/store/).
TEST(TraceJson, StoreLineIsTheCompactDumpOfTheTraceDict) {
  CompletedTrace trace;
  trace.trace_id = TraceId{0x0123456789abcdefull, 0xfedcba9876543210ull};
  auto root = std::make_unique<SpanRecord>();
  root->span_id = 0x1111;
  root->name = "agent \"quoted\" \xff name";  // escaped, invalid UTF-8 replaced
  root->span_type = "AGENT";
  root->start_unix_nano = 1764000000100000000;
  root->end_unix_nano = 1764000000500000000;
  root->status = SpanStatusCode::OK;
  root->has_inputs = true;
  root->code = CodeLocation{"agent", "ns::agent", "agent.cpp", 12};  // code attributes, {} inputs
  root->has_outputs = true;
  root->outputs = json{{"answer", "caf\xc3\xa9\n"}, {"n", 1.5}, {"list", {1, nullptr, true}}};
  root->attributes.emplace_back("zeta", "last");
  root->attributes.emplace_back("mlflow.spanType", "OVERRIDDEN");  // replaces the type's value
  root->attributes.emplace_back("mlflow.chat.tokenUsage",
                                json{{"input_tokens", 1}, {"output_tokens", 2}, {"total_tokens", 3}});
  auto child = std::make_unique<SpanRecord>();
  child->span_id = 0x2222;
  child->parent_span_id = 0x1111;
  child->name = "tool";
  child->span_type = "TOOL";
  child->status = SpanStatusCode::ERROR;
  child->status_message = "std::runtime_error: boom";
  child->events.push_back({"exception", 1764000000250000000,
                           {{"exception.type", "std::runtime_error"}, {"exception.message", "b\toom"}}});
  auto custom = std::make_unique<SpanRecord>();
  custom->span_id = 0x3333;
  custom->parent_span_id = 0x1111;
  custom->name = "custom";
  custom->span_type = "my type";
  custom->attributes.emplace_back("mlflow.spanLogLevel", 30);  // set explicitly: kept
  trace.spans.push_back(std::move(root));
  trace.spans.push_back(std::move(child));
  trace.spans.push_back(std::move(custom));
  trace.annotations.tags["env"] = "dev";

  EXPECT_EQ(trace_to_json_line(trace),
            trace_to_dict(trace).dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace
