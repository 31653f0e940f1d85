// chat_test.cpp: mlflow/chat.h's shapes (OpenAI's chat completion, as MLflow reads them), checked
// on what the local store holds. MLflow's own chat types validate them in
// test/store/test_store_format.py.
#include <mlflow/chat.h>

#include "test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class ChatTest : public TracingTest {};

TEST_F(ChatTest, MessagesToolCallsToolsAndUsage) {
  {
    auto span = mlflow::start_span("chat", SpanType::CHAT_MODEL);
    chat::Message call("assistant", "");
    call.tool_calls.push_back({"call-1", "get_weather", R"({"city":"Paris"})"});
    chat::Message result("tool", "18 C");
    result.tool_call_id = "call-1";
    chat::set_inputs(span, {{"user", "Weather in Paris?"}, call, result}, "gpt-4o-mini");
    chat::set_tools(span, {{"get_weather", "The weather in a city",
                            R"({"type":"object","properties":{"city":{"type":"string"}}})"}});
    chat::set_output(span, {"assistant", "It is 18 C."}, "stop");
    chat::set_token_usage(span, {12, 5});
  }
  json span = only_trace()["data"]["spans"][0];
  EXPECT_EQ(attribute(span, "mlflow.spanInputs"), json::parse(R"({
    "messages": [
      {"role": "user", "content": "Weather in Paris?"},
      {"role": "assistant", "content": null, "tool_calls": [
        {"id": "call-1", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
      {"role": "tool", "content": "18 C", "tool_call_id": "call-1"}],
    "model": "gpt-4o-mini"})"));
  EXPECT_EQ(attribute(span, "mlflow.spanOutputs"), json::parse(R"({"choices": [
    {"index": 0, "message": {"role": "assistant", "content": "It is 18 C."},
     "finish_reason": "stop"}]})"));
  EXPECT_EQ(attribute(span, "mlflow.chat.tools"), json::parse(R"([
    {"type": "function", "function": {"name": "get_weather",
     "description": "The weather in a city",
     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}])"));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 12}, {"output_tokens", 5}, {"total_tokens", 17}}));
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "openai");
}

// An inert span (tracing disabled) takes every call and records nothing.
TEST_F(ChatTest, NotRecordingDoesNothing) {
  tracing::disable();
  {
    auto span = mlflow::start_span("chat", SpanType::CHAT_MODEL);
    chat::set_inputs(span, {{"user", "hi"}});
    chat::set_token_usage(span, {1, 1});
  }
  tracing::enable();
  EXPECT_TRUE(stored_traces().empty());
}

}  // namespace
}  // namespace mlflow::testing
