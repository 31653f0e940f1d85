// trace_json_test.cpp: MLflow's JSON spellings (json_text.h, format/: trace_dict, trace_line_writer,
// trace_from_dict, protobuf_time, trace_info).
#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/trace_size.h"
#include "format/protobuf_time.h"
#include "format/trace_dict.h"
#include "format/trace_from_dict.h"
#include "format/trace_info.h"
#include "format/trace_line_writer.h"
#include "support/json_text.h"

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

// A stored time that is not a whole number of nanoseconds within 64 bits makes the trace
// malformed (a runtime_error push reports), never a conversion: a float out of range was
// undefined behaviour (found by test/fuzz/store_reader_fuzzer.cpp).
TEST(TraceJson, CompletedTraceFromDictRefusesTimesThatAreNotNanoseconds) {
  CompletedTrace trace;
  trace.trace_id = TraceId{1, 2};
  auto root = std::make_unique<SpanRecord>();
  root->span_id = 3;
  root->name = "root";
  root->start_unix_nano = 1764000000100000000;
  root->end_unix_nano = 1764000000500000000;
  root->events.push_back({"exception", 1764000000250000000, json::object()});
  trace.spans.push_back(std::move(root));
  const json dict = trace_to_dict(trace);
  EXPECT_EQ(completed_trace_from_dict(dict)->spans[0]->events[0].time_unix_nano, 1764000000250000000);

  for (const json& bad : {json(1.79654e+143), json(1.5), json(18446744073709551615ull), json("1764")}) {
    for (const char* key : {"start_time_unix_nano", "end_time_unix_nano"}) {
      json broken = dict;
      broken["data"]["spans"][0][key] = bad;
      EXPECT_THROW(completed_trace_from_dict(broken), std::runtime_error) << key << " = " << bad;
    }
    json broken = dict;
    broken["data"]["spans"][0]["events"][0]["time_unix_nano"] = bad;
    EXPECT_THROW(completed_trace_from_dict(broken), std::runtime_error) << "event time = " << bad;
  }
  json negative = dict;  // before 1970: odd, but a time
  negative["data"]["spans"][0]["start_time_unix_nano"] = -5;
  EXPECT_EQ(completed_trace_from_dict(negative)->spans[0]->start_unix_nano, -5);
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
  trace.annotations.edit().tags["env"] = "dev";

  EXPECT_EQ(trace_to_json_line(trace),
            trace_to_dict(trace).dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

// --- The store line writer against the dict path ---------------------------------------------
//
// trace_to_json_line / TraceLineWriter write the local store's line directly; trace_to_dict +
// dump is the reference (MLflow's shape, also used by the REST exporter and the readers). The
// two must agree byte for byte on every trace: varied hand-made traces, then random ones.
// BEGIN TRACE SAMPLES (kept self-contained: also compiled against older sources to compare)
namespace trace_samples {

using namespace mlflow::detail;
using nlohmann::json;

// Pieces of text that exercise escaping and UTF-8 checking: plain, escaped, control, non-ASCII
// of every length, and invalid sequences (cut short, overlong, surrogate, stray bytes).
const std::vector<std::string>& text_pieces() {
  static const std::vector<std::string> pieces = {
      "a", "xyz", "hello world", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f",
      std::string("\0", 1), "\x01", "\x1f", "\x7f", "caf\xc3\xa9", "\xe2\x82\xac",
      "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\xef\xbb\xbf", "\xff", "\xc3", "\xe2\x82",
      "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\x80", "{\"k\": [1, 2]}", "<b>&amp;</b>",
      "0123456789abcdef", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"};
  return pieces;
}

std::string random_text(std::mt19937& rng, std::size_t max_pieces) {
  const auto& pieces = text_pieces();
  std::string text;
  const std::size_t n = rng() % (max_pieces + 1);
  for (std::size_t i = 0; i < n; ++i) {
    // Mostly plain runs, so that long clean blocks and their tails are exercised too.
    if (rng() % 3 == 0) {
      text += pieces[rng() % pieces.size()];
    } else {
      text.append(rng() % 40, static_cast<char>('a' + rng() % 26));
    }
  }
  return text;
}

// Valid UTF-8 only (what JSON text written by us may contain).
std::string random_valid_text(std::mt19937& rng, std::size_t max_pieces) {
  return valid_utf8(random_text(rng, max_pieces));
}

json random_json(std::mt19937& rng, int depth) {
  switch (rng() % (depth > 0 ? 10 : 7)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: {
      static const std::int64_t ints[] = {0, -1, 42, -9223372036854775807LL - 1,
                                          9223372036854775807LL, 1764000000000000000LL};
      return ints[rng() % 6];
    }
    case 3: {
      static const std::uint64_t uints[] = {0, 18446744073709551615ULL, 12345};
      return uints[rng() % 3];
    }
    case 4: {
      static const double doubles[] = {0.5, 1.0, -0.0, 1e300, 3.141592653589793, 1e-7, 100.0};
      return doubles[rng() % 7];
    }
    case 5:
    case 6: return random_text(rng, 6);
    case 7:
    case 8: {
      json object = json::object();
      const std::size_t n = rng() % 5;
      for (std::size_t i = 0; i < n; ++i) object[random_text(rng, 3)] = random_json(rng, depth - 1);
      return object;
    }
    default: {
      json array = json::array();
      const std::size_t n = rng() % 5;
      for (std::size_t i = 0; i < n; ++i) array.push_back(random_json(rng, depth - 1));
      return array;
    }
  }
}

// Inputs or outputs in either recorded form: a tree, or JSON text as the plugin's hooks write it.
void record(std::mt19937& rng, RecordedJson& value, int depth) {
  // Parameter names, and a few that are not identifiers (escaped, non-ASCII, too long for the
  // member name's fast path).
  static const char* const kNames[] = {"query", "top_k", "docs", "messages", "z", "a", "q\"uote",
                                       "tab\there", "\xc3\xbc" "ber",
                                       "a_parameter_name_that_is_longer_than_sixty_characters_in_all_"};
  switch (rng() % 4) {
    case 0:
      value = random_json(rng, depth);
      return;
    case 1: {  // an object, members in call order, maybe a parameter pack
      const std::size_t n = rng() % 4;
      for (std::size_t i = 0; i < n; ++i) {
        const char* name = kNames[rng() % std::size(kNames)];
        std::string& text = rng() % 3 == 0 ? value.list_element(name) : value.object_member(name);
        append_json_text(text, random_json(rng, depth - 1));
      }
      if (n == 0) value = json::object();
      return;
    }
    case 2: {
      const json v = random_json(rng, depth);
      append_json_text(value.value_text(v.type()), v);
      return;
    }
    default: {  // a chat request or response, for the previews
      json messages = json::array();
      const std::size_t n = 1 + rng() % 3;
      for (std::size_t i = 0; i < n; ++i) {
        json content = rng() % 4 == 0 ? json::array({{{"type", "text"}, {"text", random_text(rng, 8)}}})
                                      : json(random_text(rng, 8));
        messages.push_back({{"role", (i % 2 == 0) ? "user" : "assistant"}, {"content", content}});
      }
      if (rng() % 2 == 0) {
        value = json{{"messages", messages}, {"model", "m"}};
      } else {
        value = json{{"choices", {{{"index", 0}, {"message", messages.back()}}}}};
      }
      return;
    }
  }
}

std::unique_ptr<CompletedTrace> random_trace(std::mt19937& rng) {
  static const char* const kTypes[] = {"LLM", "CHAT_MODEL", "AGENT", "TOOL", "RETRIEVER",
                                        "UNKNOWN", "my \"custom\" type", "\xff"};
  static const char* const kKeys[] = {"mlflow.spanInputs", "mlflow.spanOutputs", "mlflow.spanType",
                                       "mlflow.traceRequestId", "mlflow.spanLogLevel",
                                       "mlflow.spanFunctionName", "code.line.number",
                                       "mlflow.message.format", "a", "zzz", "\xff key", "k\"q"};
  auto trace = std::make_unique<CompletedTrace>();
  trace->trace_id = TraceId{rng() * 0x100000001ULL, rng() * 0x100000001ULL};
  trace->experiment_id = rng() % 4 == 0 ? random_text(rng, 2) : std::to_string(rng() % 100);
  const std::size_t spans = 1 + rng() % 12;
  for (std::size_t i = 0; i < spans; ++i) {
    auto span = std::make_unique<SpanRecord>();
    span->span_id = (rng() * 0x100000001ULL) | 1;
    if (i > 0) span->parent_span_id = trace->spans[rng() % i]->span_id;
    else if (rng() % 4 == 0) span->parent_span_id = 0xabcdef0123456789ULL;  // remote parent
    span->name = random_text(rng, 4);
    span->span_type = kTypes[rng() % 8];
    static const std::int64_t starts[] = {1764000000123456789LL, 0, 1, -5000000001LL,
                                          9223372036854775807LL};
    span->start_unix_nano = rng() % 3 == 0 ? starts[rng() % 5]
                                           : 1700000000000000000LL + static_cast<std::int64_t>(rng()) * 1000003;
    // (The largest start ends where it starts: adding to it would overflow.)
    const auto duration = static_cast<std::int64_t>(rng() % 5000000000ULL);
    span->end_unix_nano = span->start_unix_nano == 9223372036854775807LL
                              ? span->start_unix_nano
                              : span->start_unix_nano + duration;
    span->status = static_cast<mlflow::SpanStatusCode>(rng() % 3);
    if (rng() % 3 == 0) span->status_message = random_text(rng, 4);
    if (rng() % 4 != 0) {
      span->has_inputs = true;
      record(rng, span->inputs, 3);
    }
    if (rng() % 4 != 0) {
      span->has_outputs = true;
      record(rng, span->outputs, 3);
    }
    if (rng() % 2 == 0) {
      span->code = CodeLocation{"fn", rng() % 2 ? "ns::fn" : nullptr, rng() % 2 ? "src/a.cpp" : nullptr,
                                static_cast<unsigned>(rng() % 3 == 0 ? 0 : rng() % 1000)};
    }
    const std::size_t attributes = rng() % 5;
    for (std::size_t a = 0; a < attributes; ++a) {
      const std::string key = rng() % 2 ? kKeys[rng() % 12] : random_text(rng, 2);
      if (span->find_attribute(key) != nullptr) continue;  // keys are unique in a span
      span->attributes.emplace_back(key, random_json(rng, 2));
    }
    if (rng() % 4 == 0) {
      json usage = {{"input_tokens", rng() % 100}, {"output_tokens", rng() % 100},
                    {"total_tokens", rng() % 200}};
      if (rng() % 2) usage["cache_read_input_tokens"] = rng() % 10;
      span->attributes.emplace_back("mlflow.chat.tokenUsage", usage);
    }
    const std::size_t events = rng() % 3;
    for (std::size_t e = 0; e < events; ++e) {
      json attributes = json::object();
      if (rng() % 2) attributes["exception.message"] = random_text(rng, 5);
      if (rng() % 2) attributes[random_text(rng, 2)] = random_json(rng, 2);
      span->events.push_back({rng() % 2 ? "exception" : random_text(rng, 2),
                              static_cast<std::int64_t>(rng()), attributes});
    }
    span->ended = true;
    trace->spans.push_back(std::move(span));
  }
  TraceAnnotations& notes = trace->annotations.edit();
  static const char* const kTags[] = {"mlflow.traceName", "a", "mlflow.source", "zz", "mlflow.traceNamf"};
  static const char* const kMetadata[] = {"mlflow.user", "mlflow.traceInputs", "mlflow.trace.tokenUsage",
                                          "mlflow.source.name", "mlflow.trace_schema.version", "a", "zz"};
  for (std::size_t t = rng() % 4; t > 0; --t)
    notes.tags[rng() % 2 ? kTags[rng() % 5] : random_text(rng, 2)] = random_text(rng, 3);
  for (std::size_t m = rng() % 4; m > 0; --m)
    notes.metadata[rng() % 2 ? kMetadata[rng() % 7] : random_text(rng, 2)] = random_text(rng, 3);
  if (rng() % 4 == 0) notes.client_request_id = random_text(rng, 3);
  if (rng() % 5 == 0) notes.request_preview = random_text(rng, 3);
  if (rng() % 5 == 0) notes.response_preview = random_text(rng, 3);
  return trace;
}

// Hand-made traces for what random ones reach rarely: long values (escaped in several steps,
// truncated previews and metadata), every control character, and many spans.
std::vector<std::unique_ptr<CompletedTrace>> special_traces() {
  std::vector<std::unique_ptr<CompletedTrace>> traces;
  auto trace_with_root = [&](auto&& set_up) {
    auto trace = std::make_unique<CompletedTrace>();
    trace->trace_id = TraceId{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
    trace->experiment_id = "0";
    auto root = std::make_unique<SpanRecord>();
    root->span_id = 0x1111;
    root->name = "root";
    root->span_type = "AGENT";
    root->start_unix_nano = 1764000000100000000;
    root->end_unix_nano = 1764000000500000000;
    set_up(*root);
    trace->spans.push_back(std::move(root));
    traces.push_back(std::move(trace));
  };
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls.push_back(static_cast<char>(c));
  controls += "\x7f\"\\/";
  trace_with_root([&](SpanRecord& root) {
    root.name = controls;
    root.status_message = controls;
    root.has_inputs = true;
    root.inputs = json{{controls, controls}};
  });
  for (std::size_t size : {15u, 16u, 17u, 249u, 250u, 251u, 511u, 512u, 513u, 999u, 1000u, 1001u,
                           1003u, 4000u, 70000u}) {
    for (const std::string& unit : {std::string("x"), std::string("\xc3\xa9"),
                                    std::string("\xe2\x82\xac"), std::string("\""),
                                    std::string("ab\xf0\x9f\x98\x80")}) {
      std::string text;
      while (text.size() < size) text += unit;
      trace_with_root([&](SpanRecord& root) {
        root.has_inputs = true;
        root.inputs = json{{"question", text}};
        root.has_outputs = true;
        root.outputs.value_text(json::value_t::string) = to_json_text(text);
        root.attributes.emplace_back("long", text);
      });
      trace_with_root([&](SpanRecord& root) {  // a chat preview, long
        root.has_inputs = true;
        root.inputs = json{{"messages", {{{"role", "user"}, {"content", text}}}}};
        root.has_outputs = true;
        root.outputs = text + "\xff";
      });
    }
  }
  // Many spans, and token usage counted once per subtree.
  auto trace = std::make_unique<CompletedTrace>();
  trace->trace_id = TraceId{1, 2};
  for (int i = 0; i < 40; ++i) {
    auto span = std::make_unique<SpanRecord>();
    span->span_id = static_cast<SpanId>(100 + i);
    span->parent_span_id = i == 0 ? 0 : static_cast<SpanId>(100 + (i - 1) / 2);
    span->name = "span " + std::to_string(i);
    span->span_type = i % 2 ? "LLM" : "TOOL";
    span->start_unix_nano = 1764000000000000000 + i;
    span->end_unix_nano = 1764000000000000000 + 1000 * i;
    if (i % 3 == 0)
      span->attributes.emplace_back(
          "mlflow.chat.tokenUsage",
          json{{"input_tokens", i}, {"output_tokens", 2 * i}, {"total_tokens", 3 * i}});
    trace->spans.push_back(std::move(span));
  }
  traces.push_back(std::move(trace));
  return traces;
}

}  // namespace trace_samples
// END TRACE SAMPLES

namespace {

std::string reference_line(const CompletedTrace& trace) {
  return trace_to_dict(trace).dump(-1, ' ', false, json::error_handler_t::replace);
}

TEST(TraceLineWriter, SpecialTracesAreWrittenExactlyAsTheDictPathWritesThem) {
  for (const auto& trace : trace_samples::special_traces())
    ASSERT_EQ(trace_to_json_line(*trace), reference_line(*trace));
}

TEST(TraceLineWriter, RandomTracesAreWrittenExactlyAsTheDictPathWritesThem) {
  std::mt19937 rng(20261125);
  // One writer for all, as the exporter keeps it: its reused buffers must not leak from one
  // trace into the next.
  TraceLineWriter writer;
  TextBuffer lines;
  std::string expected;
  // Another, writing each line into a buffer emptied before it (as the exporter's chunks are).
  TraceLineWriter line_writer;
  TextBuffer line;
  for (int i = 0; i < 1500; ++i) {
    const auto trace = trace_samples::random_trace(rng);
    const std::string reference = reference_line(*trace);
    ASSERT_EQ(trace_to_json_line(*trace), reference) << "trace " << i;
    if (i % 50 == 0) writer.new_batch();
    writer.append_line(lines, *trace);
    lines.push_back('\n');
    line.clear();
    line_writer.append_line(line, *trace);
    ASSERT_EQ(line.view(), reference) << "trace " << i;
    expected += reference;
    expected += '\n';
  }
  ASSERT_EQ(lines.view(), expected);
  // A store line never holds a newline of its own, and is valid UTF-8 JSON.
  std::size_t newlines = 0;
  for (char c : expected) newlines += c == '\n';
  EXPECT_EQ(newlines, 1500u);
  EXPECT_EQ(valid_utf8(expected), expected);
}

TEST(TraceLineWriter, EscapesEveryStringLikeNlohmann) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const std::string s = trace_samples::random_text(rng, i % 100 == 0 ? 200 : 12);
    const std::string expected = json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    std::string out = "prefix";
    append_json_string(out, s);
    ASSERT_EQ(out, "prefix" + expected) << i;
    TextBuffer buffer;
    buffer.append("prefix", 6);
    append_json_string(buffer, s);
    ASSERT_EQ(buffer.view(), "prefix" + expected) << i;
  }
}

TEST(TraceLineWriter, CompactJsonIsNlohmannsCompactDump) {
  std::mt19937 rng(11);
  for (int i = 0; i < 3000; ++i) {
    const json value = trace_samples::random_json(rng, 4);
    TextBuffer buffer;
    append_compact_json(buffer, value);
    ASSERT_EQ(buffer.view(), value.dump(-1, ' ', false, json::error_handler_t::replace)) << i;
    std::string text;
    append_json_text(text, value);
    TextBuffer spaced;
    append_json_text(spaced, value);
    ASSERT_EQ(spaced.view(), text);
  }
}

TEST(TraceLineWriter, DatesAreSpelledAsRfc3339Millis) {
  // The line writes request_time without snprintf; it must agree with rfc3339_millis.
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    // Every millisecond an int64 of nanoseconds holds (up to 2262), and some before 1970.
    const std::int64_t millis =
        static_cast<std::int64_t>(rng() % 9223372036854ULL) - (i % 10 == 0 ? 9223372036854LL : 0);
    CompletedTrace trace;
    auto root = std::make_unique<SpanRecord>();
    root->span_id = 1;
    root->start_unix_nano = millis * 1000000;
    root->end_unix_nano = root->start_unix_nano;
    trace.spans.push_back(std::move(root));
    const std::string line = trace_to_json_line(trace);
    const std::string expected = "\"request_time\":\"" + rfc3339_millis(millis) + "\"";
    ASSERT_NE(line.find(expected), std::string::npos) << millis;
  }
}

// The previews of a root span's recorded values: from their JSON text, without a tree, when it
// holds no chat message (append_trace_preview); always what preview_of gives for the tree the
// text stands for. Values in both forms, chat shapes as text in call order and in key order,
// text the fast path leaves to the parse (floats, escaped keys, text cut short), long text.
TEST(TraceInfoPreview, FromRecordedTextAsFromItsTree) {
  std::mt19937 rng(16);
  auto chat_text = [&](RecordedJson& value) {
    std::string& messages = value.object_member("messages");
    messages += "[{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": ";
    append_json_string(messages, trace_samples::random_valid_text(rng, 4));
    messages += "}]";
    append_json_string(value.object_member("model"), "m");
  };
  for (int i = 0; i < 4000; ++i) {
    CompletedTrace trace;
    trace.trace_id = TraceId{1, 2};
    auto root = std::make_unique<SpanRecord>();
    root->span_id = 1;
    root->has_inputs = true;
    root->has_outputs = true;
    switch (i % 8) {
      case 0:
        chat_text(root->inputs);
        break;
      case 1: {  // a long string: the preview cut at kMaxPreviewChars code points
        std::string text;
        while (text.size() < 3000) text += "caf\xc3\xa9 \"q\" ";
        append_json_string(root->inputs.object_member("question"), text);
        break;
      }
      case 2:  // a response's chat shape, as text in key order
        append_json_text(root->outputs.value_text(json::value_t::object),
                         json{{"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", "hi"}}}}}}});
        break;
      case 3:  // cut short (a write that ran out of memory): kept as a string
        root->inputs.object_member("query") += "[\"open";
        break;
      default:
        trace_samples::record(rng, root->inputs, 3);
        trace_samples::record(rng, root->outputs, 3);
    }
    trace.spans.push_back(std::move(root));
    std::string request, response;
    ASSERT_TRUE(append_trace_preview(request, trace, false));
    ASSERT_TRUE(append_trace_preview(response, trace, true));
    // The reference: the trees (parsed now, after the previews were written).
    ASSERT_EQ(request, preview_of(trace.root().inputs.tree(), "user")) << i;
    ASSERT_EQ(response, preview_of(trace.root().outputs.tree(), "assistant")) << i;
  }
}

}  // namespace
