// autolog_anthropic_test.cpp: Anthropic's Messages API recorded as mlflow/anthropic/autolog.py
// records Messages.create (runtime/src/autolog/anthropic.cpp).
#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class AutologAnthropicTest : public AutologTest {};

const char* kRequest = R"({
  "model": "claude-3-5-sonnet-latest", "max_tokens": 1024,
  "system": "You are terse.",
  "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
  "tools": [{"name": "get_weather", "description": "Weather of a city",
             "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                              "required": ["city"]}}]
})";

TEST_F(AutologAnthropicTest, Message) {
  const char* response = R"({
    "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "type": "message", "role": "assistant",
    "model": "claude-3-5-sonnet-20241022",
    "content": [{"type": "text", "text": "Let me check."},
                {"type": "tool_use", "id": "toolu_01A", "name": "get_weather",
                 "input": {"city": "Paris"}}],
    "stop_reason": "tool_use", "stop_sequence": null,
    "usage": {"input_tokens": 2095, "output_tokens": 503,
              "cache_creation_input_tokens": 100, "cache_read_input_tokens": 50,
              "cache_creation": {"ephemeral_5m_input_tokens": 60, "ephemeral_1h_input_tokens": 40}}
  })";
  json span = run(al::Api::kAnthropicMessages, "https://api.anthropic.com/v1/messages", kRequest,
                  {response});
  EXPECT_EQ(span["name"], "Messages.create");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "CHAT_MODEL");
  EXPECT_EQ(inputs_of(span), json::parse(kRequest));
  EXPECT_EQ(outputs_of(span), json::parse(response));
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "anthropic");
  EXPECT_EQ(attribute(span, "mlflow.llm.provider"), "anthropic");
  EXPECT_EQ(attribute(span, "mlflow.llm.model"), "claude-3-5-sonnet-20241022");
  // _parse_usage: the cached tokens are added to input and total.
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 2245}, {"output_tokens", 503}, {"total_tokens", 2748},
                  {"cache_read_input_tokens", 50}, {"cache_creation_input_tokens", 100},
                  {"cache_creation_input_tokens_above_1hr", 40}}));
  // convert_tool_to_mlflow_chat_tool: input_schema becomes the parameters.
  EXPECT_EQ(attribute(span, "mlflow.chat.tools"),
            json::parse(R"([{"type": "function", "function": {"name": "get_weather",
                "description": "Weather of a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                               "required": ["city"]}}}])"));
  EXPECT_EQ(attribute(span, "max_tokens"), "<absent>");  // only OpenAI's autolog records those
}

// The stream from Anthropic's documentation (text, then a tool_use block whose input arrives
// as JSON text in pieces), with a ping between.
const char* kStream =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1nZd\",\"type\":\"message\","
    "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-sonnet-20241022\",\"stop_reason\":null,"
    "\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,\"cache_creation_input_tokens\":0,"
    "\"cache_read_input_tokens\":0,\"output_tokens\":2}}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    "event: ping\n"
    "data: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Okay,\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" let me check.\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
    "\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Par\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"is\\\"}\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
    "\"usage\":{\"output_tokens\":89}}\n\n"
    "event: message_stop\n"
    "data: {\"type\":\"message_stop\"}\n\n";

TEST_F(AutologAnthropicTest, StreamIsRebuiltIntoTheMessage) {
  json request = json::parse(kRequest);
  request["stream"] = true;
  json span = run(al::Api::kAnthropicMessages, "https://api.anthropic.com/v1/messages",
                  request.dump(), pieces_of(kStream, 9));
  EXPECT_EQ(outputs_of(span), json::parse(R"({
    "id": "msg_1nZd", "type": "message", "role": "assistant",
    "model": "claude-3-5-sonnet-20241022",
    "content": [{"type": "text", "text": "Okay, let me check."},
                {"type": "tool_use", "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "name": "get_weather",
                 "input": {"city": "Paris"}}],
    "stop_reason": "tool_use", "stop_sequence": null,
    "usage": {"input_tokens": 472, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
              "output_tokens": 89}})"));
  // message_start's input count, message_delta's (cumulative) output count.
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 472}, {"output_tokens", 89}, {"total_tokens", 561},
                  {"cache_read_input_tokens", 0}, {"cache_creation_input_tokens", 0}}));
  EXPECT_EQ(chunks_of(span).size(), 13u);
  EXPECT_EQ(chunks_of(span)[0]["type"], "message_start");
  EXPECT_EQ(attribute(span, "gen_ai.request.stream"), true);
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_OK");
}

TEST_F(AutologAnthropicTest, ErrorEventMidStreamFailsTheSpan) {
  const char* stream =
      "event: message_start\n"
      "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":"
      "\"assistant\",\"content\":[],\"model\":\"claude\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
      "event: error\n"
      "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
  json span = run(al::Api::kAnthropicMessages, "/v1/messages",
                  R"({"model": "claude", "max_tokens": 5, "stream": true, "messages": []})", {stream});
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_ERROR");
  EXPECT_EQ(span["status"]["message"], "Overloaded");
  auto exceptions = events_named(span, "exception");
  ASSERT_EQ(exceptions.size(), 1u);
  EXPECT_EQ(exceptions[0]["attributes"]["exception.type"], "overloaded_error");
  EXPECT_EQ(outputs_of(span)["id"], "msg_2");  // what arrived before the error
}

}  // namespace
}  // namespace mlflow::testing
