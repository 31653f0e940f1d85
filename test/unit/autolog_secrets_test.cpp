// autolog_secrets_test.cpp: an LLM call's keys never leave the process (the rules themselves:
// secrets_test.cpp), and recorded strings keep to the size limit (runtime/src/autolog/
// value_limit.h), down to what the local store holds.
#include "autolog/value_limit.h"

#include <string>

#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using mlflow::detail::autolog::make_recordable;
using mlflow::detail::autolog::truncate_text;
using nlohmann::json;

TEST(AutologLimits, LongStringsAreCutAtACharacterBoundaryWithAMarker) {
  EXPECT_EQ(truncate_text("abcdefgh", 8), "abcdefgh");
  EXPECT_EQ(truncate_text("abcdefghi", 8), "abcdefgh...[truncated, 9 bytes]");
  // "é" is two bytes: a limit that falls inside one keeps the whole characters before it.
  EXPECT_EQ(truncate_text("\xc3\xa9\xc3\xa9\xc3\xa9", 3), "\xc3\xa9...[truncated, 6 bytes]");
  // A four-byte character cut anywhere inside.
  for (std::size_t limit = 1; limit <= 4; ++limit)
    EXPECT_EQ(truncate_text("x\xf0\x9f\x98\x80y", limit), "x...[truncated, 6 bytes]") << limit;
  EXPECT_EQ(truncate_text("x\xf0\x9f\x98\x80y", 5), "x\xf0\x9f\x98\x80...[truncated, 6 bytes]");

  json value = {{"short", "ok"}, {"long", std::string(40, 'z')}, {"list", {std::string(11, 'q')}},
                {"n", 12345678901234LL}};
  make_recordable(value, 10);
  EXPECT_EQ(value["short"], "ok");
  EXPECT_EQ(value["long"], std::string(10, 'z') + "...[truncated, 40 bytes]");
  EXPECT_EQ(value["list"][0], std::string(10, 'q') + "...[truncated, 11 bytes]");
  EXPECT_EQ(value["n"], 12345678901234LL);

  // In place too, at a character boundary ("ü" is two bytes; a limit of 3 falls inside the
  // second one).
  json text = {{"t", "\xc3\xbc\xc3\xbc\xc3\xbc"}};
  make_recordable(text, 3);
  EXPECT_EQ(text["t"], "\xc3\xbc...[truncated, 6 bytes]");
}

TEST(AutologLimits, DeepNestingIsBounded) {
  json value = json::array();
  json* at = &value;
  for (int i = 0; i < 1000; ++i) {
    at->push_back(json::array());
    at = &(*at)[0];
  }
  make_recordable(value, 100);
  int depth = 0;
  for (const json* v = &value; v->is_array(); v = &(*v)[0]) ++depth;
  EXPECT_EQ(depth, mlflow::detail::autolog::kMaxDepth);
}

// Through a whole call, down to the stored trace: no secret anywhere in it.
class AutologSecretsTraceTest : public AutologTest {};

TEST_F(AutologSecretsTraceTest, NoSecretReachesTheStore) {
  const std::string request = R"({"model": "gpt-4o-mini", "api_key": "sk-SECRET-1",
      "messages": [{"role": "user", "content": "hi"}],
      "metadata": {"token": "SECRET-2", "password": "SECRET-3"}})";
  const std::string response =
      R"({"id": "c1", "object": "chat.completion", "model": "gpt-4o-mini",
          "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"},
                       "finish_reason": "stop"}],
          "echo": {"Authorization": "Bearer SECRET-4"}})";
  json span = run(al::Api::kOpenAIChat,
                  "https://u:SECRET-5@api.example.com/v1/chat/completions?api_key=SECRET-6", request,
                  {response});
  const std::string stored = span.dump();
  for (const char* secret : {"SECRET-1", "SECRET-2", "SECRET-3", "SECRET-4", "SECRET-5", "SECRET-6"})
    EXPECT_EQ(stored.find(secret), std::string::npos) << secret << " reached the store";
  EXPECT_EQ(inputs_of(span)["api_key"], "***");
  EXPECT_EQ(attribute(span, "api_key"), "***");  // OpenAI's request parameters are attributes
  EXPECT_EQ(outputs_of(span)["echo"]["Authorization"], "***");
  EXPECT_EQ(attribute(span, "url.full"),
            "https://u:***@api.example.com/v1/chat/completions?api_key=***");
}

class AutologLimitTraceTest : public AutologTest {
  void configure(detail::Config& config) override { config.autolog_max_value_bytes = 16; }
};

// MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES (config/config.h) applies to inputs, outputs and events.
TEST_F(AutologLimitTraceTest, InputsOutputsAndChunksKeepToTheLimit) {
  const std::string long_text(100, 'a');
  const std::string request =
      R"({"model": "m", "stream": true, "messages": [{"role": "user", "content": ")" + long_text +
      R"("}]})";
  const std::string body =
      "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" +
      long_text + "\"}}]}\n\ndata: [DONE]\n\n";
  json span = run(al::Api::kOpenAIChat, "/v1/chat/completions", request, {body});
  const std::string cut = std::string(16, 'a') + "...[truncated, 100 bytes]";
  EXPECT_EQ(inputs_of(span)["messages"][0]["content"], cut);
  EXPECT_EQ(outputs_of(span)["choices"][0]["message"]["content"], cut);
  auto chunks = events_named(span, "mlflow.chunk.item.");
  ASSERT_EQ(chunks.size(), 1u);
  // The chunk's own strings are cut first, then its JSON text as a whole.
  const std::string value = chunks[0]["attributes"]["mlflow.chunk.value"];
  EXPECT_NE(value.find("...[truncated, "), std::string::npos);
  EXPECT_LE(value.size(), 16 + std::string("...[truncated, 1000 bytes]").size());
}

// Invalid UTF-8 in a request is recorded as JSON with U+FFFD, not as an opaque string.
TEST_F(AutologSecretsTraceTest, InvalidUtf8InARequestStaysJson) {
  const std::string request =
      "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"caf\xe9!\"}]}";
  json span = run(al::Api::kOpenAIChat, "/v1/chat/completions", request,
                  {R"({"choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}}]})"});
  EXPECT_EQ(inputs_of(span)["messages"][0]["content"], "caf\xef\xbf\xbd!");
}

}  // namespace
}  // namespace mlflow::testing
