// autolog_stream_test.cpp: response bodies cut anywhere give the same values
// (runtime/src/autolog/stream.h): server-sent events, NDJSON, a JSON array, one JSON body.
#include "autolog/stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlflow::testing {
namespace {

using mlflow::detail::autolog::StreamEvent;
using mlflow::detail::autolog::StreamParser;
using nlohmann::json;

// What the parser found: (event name, value) pairs, and whether [DONE] arrived.
struct Parsed {
  std::vector<std::pair<std::string, json>> events;
  bool done = false;
  StreamParser::Format format = StreamParser::Format::kUnknown;
  bool operator==(const Parsed& o) const {
    return events == o.events && done == o.done && format == o.format;
  }
};

Parsed parse(const std::vector<std::string_view>& pieces) {
  StreamParser parser;
  std::int64_t t = 1;
  for (auto piece : pieces) parser.feed(piece, t++);
  parser.finish(t);
  Parsed out;
  for (const StreamEvent& e : parser.events()) out.events.emplace_back(e.event, e.data);
  out.done = parser.saw_done();
  out.format = parser.format();
  return out;
}

// The body in one piece, then cut once at every position, then twice at every pair of
// positions (bodies are short), then byte by byte: always the same result.
void expect_same_however_cut(std::string_view body, const Parsed& expected) {
  ASSERT_EQ(parse({body}), expected) << "whole body";
  for (std::size_t i = 0; i <= body.size(); ++i)
    ASSERT_EQ(parse({body.substr(0, i), body.substr(i)}), expected) << "cut at " << i;
  for (std::size_t i = 0; i <= body.size(); i += 5)
    for (std::size_t j = i; j <= body.size(); ++j)
      ASSERT_EQ(parse({body.substr(0, i), body.substr(i, j - i), body.substr(j)}), expected)
          << "cut at " << i << " and " << j;
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < body.size(); ++i) bytes.push_back(body.substr(i, 1));
  ASSERT_EQ(parse(bytes), expected) << "byte by byte";
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string cr(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\n') c = '\r';
  return out;
}

// OpenAI's chat stream (as llama.cpp's server sends it), a comment line, data with a string
// holding "\n\n" escaped, braces and "data:", a UTF-8 text (ü is two bytes: every cut inside
// it must still give the same text), and [DONE].
constexpr std::string_view kOpenAISse =
    ": keep-alive\n"
    "\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n"
    "\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"content\":\"Gr\\u00fc\\n\\nß {data: x}\"}}]}\n"
    "\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"content\":\"über\"},\"finish_reason\":\"stop\"}]}\n"
    "\n"
    "data: [DONE]\n"
    "\n";

Parsed openai_expected() {
  Parsed p;
  p.format = StreamParser::Format::kServerSentEvents;
  p.done = true;
  p.events = {
      {"", json::parse(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})")},
      {"", json::parse(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Grü\n\nß {data: x}"}}]})")},
      {"", json::parse(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"über"},"finish_reason":"stop"}]})")},
  };
  return p;
}

TEST(AutologStream, ServerSentEventsCutAnywhere) {
  expect_same_however_cut(kOpenAISse, openai_expected());
}

TEST(AutologStream, ServerSentEventsWithCrLfAndCrLineEnds) {
  expect_same_however_cut(crlf(kOpenAISse), openai_expected());
  expect_same_however_cut(cr(kOpenAISse), openai_expected());
}

// Anthropic's events: "event:" lines name them, "data:" without a space after the colon is
// valid, and a last event without its blank line is still dispatched at the end.
TEST(AutologStream, NamedEventsAndAnUnterminatedLastEvent) {
  constexpr std::string_view body =
      "event: message_start\n"
      "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":9}}}\n"
      "\n"
      "event: ping\n"
      "data:{\"type\": \"ping\"}\n"
      "\n"
      "event: message_stop\n"
      "data: {\"type\":\"message_stop\"}";
  Parsed expected;
  expected.format = StreamParser::Format::kServerSentEvents;
  expected.events = {
      {"message_start", json::parse(R"({"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":9}}})")},
      {"ping", json{{"type", "ping"}}},
      {"message_stop", json{{"type", "message_stop"}}},
  };
  expect_same_however_cut(body, expected);
  // A "\r\n" split between an "event:" line and its "data:" line must not end the event there
  // (which would lose its name).
  expect_same_however_cut(crlf(body), expected);
}

// Multi-line data is joined with '\n'; data that is not JSON is kept as text.
TEST(AutologStream, MultiLineAndTextData) {
  constexpr std::string_view body =
      "data: {\"a\":\n"
      "data: 1}\n"
      "\n"
      "data: plain text\n"
      "\n";
  Parsed expected;
  expected.format = StreamParser::Format::kServerSentEvents;
  expected.events = {{"", json{{"a", 1}}}, {"", json("plain text")}};
  expect_same_however_cut(body, expected);
  expect_same_however_cut(crlf(body), expected);
}

// Servers that leave out the blank line between events: each data line that is JSON on its
// own is an event.
TEST(AutologStream, EventsWithoutBlankLinesBetweenThem) {
  constexpr std::string_view body = "data: {\"n\":1}\ndata: {\"n\":2}\ndata: [DONE]\n";
  Parsed expected;
  expected.format = StreamParser::Format::kServerSentEvents;
  expected.done = true;
  expected.events = {{"", json{{"n", 1}}}, {"", json{{"n", 2}}}};
  EXPECT_EQ(parse({body}), expected);
}

// Ollama's NDJSON: one object a line, braces and newlines inside strings.
TEST(AutologStream, NdjsonCutAnywhere) {
  constexpr std::string_view body =
      "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"x\\\": \\n\"},\"done\":false}\n"
      "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"}]\\\\\"},\"done\":false}\n"
      "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
      "\"prompt_eval_count\":26,\"eval_count\":2}\n";
  Parsed expected;
  expected.format = StreamParser::Format::kJsonValues;
  expected.events = {
      {"", json::parse(R"({"model":"llama3.2","message":{"role":"assistant","content":"{\"x\": \n"},"done":false})")},
      {"", json::parse(R"({"model":"llama3.2","message":{"role":"assistant","content":"}]\\"},"done":false})")},
      {"", json::parse(R"({"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"prompt_eval_count":26,"eval_count":2})")},
  };
  expect_same_however_cut(body, expected);
}

// Gemini's streamGenerateContent without alt=sse: one JSON array, element by element.
TEST(AutologStream, JsonArrayCutAnywhere) {
  constexpr std::string_view body =
      "[{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"A\"}]}}]}\n"
      ",\r\n{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"B]\"}]}}]}\n]";
  Parsed expected;
  expected.format = StreamParser::Format::kJsonValues;
  expected.events = {
      {"", json::parse(R"({"candidates": [{"content": {"parts": [{"text": "A"}]}}]})")},
      {"", json::parse(R"({"candidates": [{"content": {"parts": [{"text": "B]"}]}}]})")},
  };
  expect_same_however_cut(body, expected);
}

// A whole (pretty-printed) JSON body is one value.
TEST(AutologStream, OneJsonBody) {
  constexpr std::string_view body = "\n  {\n  \"id\": \"x\",\n  \"choices\": [\n  ]\n}\n";
  Parsed expected;
  expected.format = StreamParser::Format::kJsonValues;
  expected.events = {{"", json{{"id", "x"}, {"choices", json::array()}}}};
  expect_same_however_cut(body, expected);
}

// Invalid UTF-8 never breaks parsing: the bytes become U+FFFD, the value stays JSON.
TEST(AutologStream, InvalidUtf8BecomesReplacementCharacters) {
  const std::string body = "data: {\"content\":\"a\xff" "b\xc3\"}\n\n";
  Parsed parsed = parse({body});
  ASSERT_EQ(parsed.events.size(), 1u);
  EXPECT_EQ(parsed.events[0].second, (json{{"content", "a\xef\xbf\xbd" "b\xef\xbf\xbd"}}));
}

// A body that is not JSON (an HTML error page) gives no value; its bytes are kept.
TEST(AutologStream, NotJsonKeepsTheBytes) {
  StreamParser parser;
  parser.feed("<html><body>502 Bad Gateway</body></html>\n", 1);
  parser.finish(2);
  EXPECT_TRUE(parser.events().empty());
  EXPECT_EQ(parser.raw(), "<html><body>502 Bad Gateway</body></html>\n");

  StreamParser garbage;
  garbage.feed("{\"a\":1} trailing", 1);
  garbage.finish(2);
  EXPECT_TRUE(garbage.malformed());
  EXPECT_EQ(garbage.events().size(), 1u);  // the value before the garbage
}

// Each value carries the time of the piece that completed it.
TEST(AutologStream, EventsCarryTheirArrivalTime) {
  StreamParser parser;
  parser.feed("data: {\"n\":", 100);
  parser.feed("1}\n\ndata: {\"n\":2}\n", 200);
  parser.feed("\n", 300);
  parser.finish(400);
  ASSERT_EQ(parser.events().size(), 2u);
  EXPECT_EQ(parser.events()[0].time_unix_nano, 200);
  EXPECT_EQ(parser.events()[1].time_unix_nano, 300);
}

// An SDK callback that hands over whole lines without their line ends (stream_chunk).
TEST(AutologStream, WholeLinesWithoutLineEnds) {
  StreamParser parser;
  for (std::string_view line : {"data: {\"n\":1}", "data: {\"n\":2}", "data: [DONE]"}) {
    parser.end_line_before(line, 1);
    parser.feed(line, 1);
  }
  parser.finish(2);
  ASSERT_EQ(parser.events().size(), 2u);
  EXPECT_EQ(parser.events()[0].data, (json{{"n", 1}}));
  EXPECT_EQ(parser.events()[1].data, (json{{"n", 2}}));
  EXPECT_TRUE(parser.saw_done());
}

}  // namespace
}  // namespace mlflow::testing
