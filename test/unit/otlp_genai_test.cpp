// otlp_genai_test.cpp: the gen_ai.* attributes derived for collectors (otlp_genai.h), exactly,
// and their place in the OTLP bytes when OtlpEncodeOptions::genai_semconv is set.
// test/otlp/ decodes them with the official Python classes and feeds them to MLflow's ingest.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/otlp_encoding.h"
#include "format/otlp_genai.h"

namespace {
using namespace mlflow::detail;
using mlflow::SpanStatusCode;
using nlohmann::json;
using Attributes = std::vector<std::pair<std::string, json>>;

// A span to derive from (SpanRecord, with its atomic, is neither copied nor moved).
std::unique_ptr<SpanRecord> make_span(std::string name, std::string type) {
  auto owned = std::make_unique<SpanRecord>();
  SpanRecord& span = *owned;
  span.span_id = 0x1112131415161718ull;
  span.name = std::move(name);
  span.span_type = std::move(type);
  span.start_unix_nano = 1;
  span.end_unix_nano = 2;
  span.status = SpanStatusCode::OK;
  return owned;
}

void set_inputs(SpanRecord& span, json inputs) {
  span.has_inputs = true;
  span.inputs = std::move(inputs);
}

void set_outputs(SpanRecord& span, json outputs) {
  span.has_outputs = true;
  span.outputs = std::move(outputs);
}

TEST(OtlpGenai, OperationNames) {
  EXPECT_STREQ(genai_operation_name("CHAT_MODEL"), "chat");
  EXPECT_STREQ(genai_operation_name("LLM"), "generate_content");
  EXPECT_STREQ(genai_operation_name("EMBEDDING"), "embeddings");
  EXPECT_STREQ(genai_operation_name("TOOL"), "execute_tool");
  EXPECT_STREQ(genai_operation_name("AGENT"), "invoke_agent");
  for (const char* other : {"CHAIN", "RETRIEVER", "RERANKER", "PARSER", "MEMORY", "WORKFLOW",
                            "TASK", "GUARDRAIL", "EVALUATOR", "UNKNOWN", "chat", "", "MY_TYPE"})
    EXPECT_EQ(genai_operation_name(other), nullptr) << other;
}

TEST(OtlpGenai, ChatSpan) {
  auto owned = make_span("complete", "CHAT_MODEL");
  SpanRecord& span = *owned;
  set_inputs(span, json::parse(R"({
    "model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 100, "stop": "END",
    "messages": [
      {"role": "system", "content": "Be brief."},
      {"role": "user", "content": [{"type": "text", "text": "Weather in Paris?"},
                                   {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]},
      {"role": "assistant", "content": null,
       "tool_calls": [{"id": "call_1", "type": "function",
                       "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
      {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}]})"));
  set_outputs(span, json::parse(R"({
    "id": "chatcmpl-1", "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Sunny, 20\u00b0C."},
                 "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35}})"));
  span.attributes = {
      {"mlflow.chat.tokenUsage",
       json{{"input_tokens", 30}, {"output_tokens", 5}, {"total_tokens", 35},
            {"cache_read_input_tokens", 10}}},
      {"mlflow.message.format", "openai"},
      {"mlflow.llm.model", "gpt-4o-mini"},
      {"mlflow.llm.provider", "openai"},
      {"mlflow.chat.tools", json::parse(R"([{"type": "function", "function": {
          "name": "get_weather", "description": "Current weather",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                         "required": ["city"]}}}])")}};

  Attributes expected = {
      {"gen_ai.operation.name", "chat"},
      {"gen_ai.provider.name", "openai"},
      {"gen_ai.request.model", "gpt-4o-mini"},
      {"gen_ai.request.temperature", 0.2},
      {"gen_ai.request.max_tokens", 100},
      {"gen_ai.request.stop_sequences", json::array({"END"})},
      {"gen_ai.response.id", "chatcmpl-1"},
      {"gen_ai.response.model", "gpt-4o-mini-2024-07-18"},
      {"gen_ai.response.finish_reasons", json::array({"stop"})},
      {"gen_ai.usage.input_tokens", 30},
      {"gen_ai.usage.output_tokens", 5},
      {"gen_ai.usage.cache_read.input_tokens", 10},
      {"gen_ai.input.messages",
       R"([{"parts": [{"content": "Be brief.", "type": "text"}], "role": "system"}, )"
       R"({"parts": [{"content": "Weather in Paris?", "type": "text"}, )"
       R"({"modality": "image", "type": "uri", "uri": "https://x/y.png"}], "role": "user"}, )"
       R"({"parts": [{"arguments": {"city": "Paris"}, "id": "call_1", "name": "get_weather", )"
       R"("type": "tool_call"}], "role": "assistant"}, )"
       R"({"parts": [{"id": "call_1", "response": "sunny", "type": "tool_call_response"}], )"
       R"("role": "tool"}])"},
      {"gen_ai.output.messages",
       "[{\"finish_reason\": \"stop\", \"parts\": [{\"content\": \"Sunny, 20\xc2\xb0" "C.\", "
       "\"type\": \"text\"}], \"role\": \"assistant\"}]"},
      {"gen_ai.tool.definitions",
       R"([{"description": "Current weather", "name": "get_weather", "parameters": )"
       R"({"properties": {"city": {"type": "string"}}, "required": ["city"], "type": "object"}, )"
       R"("type": "function"}])"},
  };
  EXPECT_EQ(genai_semconv_attributes(span), expected);
}

TEST(OtlpGenai, LlmSpanWithCompletionShapes) {
  auto owned = make_span("generate", "LLM");
  SpanRecord& span = *owned;
  set_inputs(span, json{{"prompt", "Say hi"}, {"model", "tiny-llm"}, {"max_completion_tokens", 8},
                        {"stop", json::array({"\n", 3, "END"})}});
  set_outputs(span, json::parse(R"({"choices": [{"text": "hi", "finish_reason": "length"},
                                               {"text": "hello", "finish_reason": "stop"}]})"));
  span.attributes = {{"mlflow.chat.tokenUsage", json{{"input_tokens", 2}, {"output_tokens", 1}}}};

  Attributes expected = {
      {"gen_ai.operation.name", "generate_content"},
      {"gen_ai.request.model", "tiny-llm"},  // from the inputs: no mlflow.llm.model
      {"gen_ai.request.max_tokens", 8},
      {"gen_ai.request.stop_sequences", json::array({"\n", "END"})},
      {"gen_ai.response.finish_reasons", json::array({"length", "stop"})},
      {"gen_ai.usage.input_tokens", 2},
      {"gen_ai.usage.output_tokens", 1},
      {"gen_ai.input.messages", R"([{"parts": [{"content": "Say hi", "type": "text"}], "role": "user"}])"},
      {"gen_ai.output.messages",
       R"([{"finish_reason": "length", "parts": [{"content": "hi", "type": "text"}], "role": "assistant"}, )"
       R"({"finish_reason": "stop", "parts": [{"content": "hello", "type": "text"}], "role": "assistant"}])"},
  };
  EXPECT_EQ(genai_semconv_attributes(span), expected);
}

TEST(OtlpGenai, LlmSpanWithPlainStrings) {
  // What MLFLOW_TRACE(LLM) std::string complete(const std::string& prompt) records.
  auto owned = make_span("complete", "LLM");
  SpanRecord& span = *owned;
  set_inputs(span, json{{"prompt", "Why?"}});
  set_outputs(span, "Because.");
  span.attributes = {{"mlflow.llm.model", "local-7b"}, {"mlflow.llm.provider", "llama.cpp"}};

  Attributes expected = {
      {"gen_ai.operation.name", "generate_content"},
      {"gen_ai.provider.name", "llama.cpp"},
      {"gen_ai.request.model", "local-7b"},
      {"gen_ai.input.messages", R"([{"parts": [{"content": "Why?", "type": "text"}], "role": "user"}])"},
      {"gen_ai.output.messages",
       R"([{"parts": [{"content": "Because.", "type": "text"}], "role": "assistant"}])"},
  };
  EXPECT_EQ(genai_semconv_attributes(span), expected);

  set_inputs(span, "Why not?");  // a bare string prompt
  EXPECT_EQ(genai_semconv_attributes(span)[3],
            (std::pair<std::string, json>{"gen_ai.input.messages",
                                          R"([{"parts": [{"content": "Why not?", "type": "text"}], "role": "user"}])"}));
}

TEST(OtlpGenai, EmbeddingSpan) {
  auto owned = make_span("embed", "EMBEDDING");
  SpanRecord& span = *owned;
  set_inputs(span, json{{"input", "hello"}, {"model", "text-embedding-3-small"}});
  set_outputs(span, json::parse(R"({"object": "list", "model": "text-embedding-3-small-v2",
                                    "data": [{"index": 0, "embedding": [0.1, 0.2]}]})"));
  span.attributes = {{"mlflow.chat.tokenUsage", json{{"input_tokens", 2}, {"total_tokens", 2}}},
                     {"mlflow.llm.provider", "openai"}};

  Attributes expected = {
      {"gen_ai.operation.name", "embeddings"},
      {"gen_ai.provider.name", "openai"},
      {"gen_ai.request.model", "text-embedding-3-small"},
      {"gen_ai.response.model", "text-embedding-3-small-v2"},
      {"gen_ai.usage.input_tokens", 2},
  };  // no messages for embeddings
  EXPECT_EQ(genai_semconv_attributes(span), expected);
}

TEST(OtlpGenai, ToolSpan) {
  auto owned = make_span("get_weather", "TOOL");
  SpanRecord& span = *owned;
  set_inputs(span, json{{"city", "Paris"}, {"days", 2}});
  set_outputs(span, json{{"temperature", 20}, {"conditions", "sunny"}});
  span.attributes = {{"mlflow.spanFunctionName", "get_weather"},
                     {"mlflow.llm.model", "ignored-for-tools"}};

  Attributes expected = {
      {"gen_ai.operation.name", "execute_tool"},
      {"gen_ai.tool.name", "get_weather"},
      {"gen_ai.tool.call.arguments", R"({"city": "Paris", "days": 2})"},
      {"gen_ai.tool.call.result", R"({"conditions": "sunny", "temperature": 20})"},
  };
  EXPECT_EQ(genai_semconv_attributes(span), expected);

  // Plain values are sent as themselves; a null result is no result.
  set_inputs(span, json::array({1, "a"}));
  set_outputs(span, "sunny");
  EXPECT_EQ(genai_semconv_attributes(span),
            (Attributes{{"gen_ai.operation.name", "execute_tool"},
                        {"gen_ai.tool.name", "get_weather"},
                        {"gen_ai.tool.call.arguments", R"([1, "a"])"},
                        {"gen_ai.tool.call.result", "sunny"}}));
  set_inputs(span, 42);
  set_outputs(span, nullptr);
  EXPECT_EQ(genai_semconv_attributes(span),
            (Attributes{{"gen_ai.operation.name", "execute_tool"},
                        {"gen_ai.tool.name", "get_weather"},
                        {"gen_ai.tool.call.arguments", 42}}));
}

TEST(OtlpGenai, FailedToolSpanHasErrorType) {
  auto owned = make_span("execute_tool", "TOOL");
  SpanRecord& span = *owned;  // a name that is just the operation
  set_inputs(span, json::object());
  span.status = SpanStatusCode::ERROR;
  span.status_message = "std::runtime_error: down";
  span.events.push_back({"exception", 3, json{{"exception.type", "std::runtime_error"},
                                              {"exception.message", "down"}}});
  Attributes expected = {
      {"gen_ai.operation.name", "execute_tool"},
      {"gen_ai.tool.call.arguments", "{}"},
      {"error.type", "std::runtime_error"},
  };
  EXPECT_EQ(genai_semconv_attributes(span), expected);

  span.events.clear();
  EXPECT_EQ(genai_semconv_attributes(span).back(),
            (std::pair<std::string, json>{"error.type", "_OTHER"}));
}

TEST(OtlpGenai, AgentSpan) {
  auto owned = make_span("travel_agent", "AGENT");
  SpanRecord& span = *owned;
  set_inputs(span, json::parse(R"([{"role": "user", "content": "Plan a trip", "name": "ann"}])"));
  set_outputs(span, "Done.");  // plain strings are an agent's business, not model output
  span.attributes = {{"mlflow.chat.tokenUsage", json{{"input_tokens", 7}, {"output_tokens", 3}}}};

  Attributes expected = {
      {"gen_ai.operation.name", "invoke_agent"},
      {"gen_ai.agent.name", "travel_agent"},
      {"gen_ai.usage.input_tokens", 7},
      {"gen_ai.usage.output_tokens", 3},
      {"gen_ai.input.messages",
       R"([{"name": "ann", "parts": [{"content": "Plan a trip", "type": "text"}], "role": "user"}])"},
  };
  EXPECT_EQ(genai_semconv_attributes(span), expected);
}

TEST(OtlpGenai, OtherSpanTypesGetNothing) {
  for (const char* type : {"CHAIN", "RETRIEVER", "UNKNOWN", "PARSER", "chat_model", ""}) {
    auto owned = make_span("s", type);
    SpanRecord& span = *owned;
    set_inputs(span, json{{"messages", json::array({json{{"role", "user"}, {"content", "hi"}}})}});
    set_outputs(span, "hello");
    span.attributes = {{"mlflow.llm.model", "m"},
                       {"mlflow.chat.tokenUsage", json{{"input_tokens", 1}}}};
    span.status = SpanStatusCode::ERROR;
    EXPECT_TRUE(genai_semconv_attributes(span).empty()) << type;
  }
}

TEST(OtlpGenai, OddShapesLeaveValuesOut) {
  auto owned = make_span("chat", "CHAT_MODEL");
  SpanRecord& span = *owned;
  set_inputs(span, json::parse(R"({
    "model": 7, "temperature": "hot", "max_tokens": 1.5, "stop": [1, 2], "tools": "none",
    "messages": [
      "not a message", 42, null,
      {"content": [{"type": "text"}, {"type": "image_url", "image_url": {}}, {"type": "input_audio"},
                   "bare", 5, {"type": "refusal", "refusal": "no"}]},
      {"role": "assistant", "tool_calls": [{"id": "c", "function": {"arguments": "{}"}}, "x",
                                           {"function": {"name": "f", "arguments": "not json"}}]},
      {"role": "tool", "tool_call_id": "c", "content": [{"type": "text", "text": "r"}]},
      {"role": "user", "content": {"k": 1}}]})"));
  set_outputs(span, json::parse(R"({"id": 5, "model": "", "choices": [7, {"finish_reason": 3},
                                    {"message": "hi", "finish_reason": "stop"}]})"));
  span.attributes = {{"mlflow.chat.tokenUsage", json{{"input_tokens", "3"}, {"output_tokens", 1.5},
                                                     {"cache_read_input_tokens", -1}}},
                     {"mlflow.llm.model", json::array({"m"})},
                     {"mlflow.llm.provider", ""},
                     {"mlflow.chat.tools", json::parse(R"([1, {"type": "function"}, {"function": 2}])")}};

  Attributes expected = {
      {"gen_ai.operation.name", "chat"},
      {"gen_ai.response.finish_reasons", json::array({"stop"})},
      {"gen_ai.usage.cache_read.input_tokens", -1},  // an integer, passed on as it is
      {"gen_ai.input.messages",
       R"([{"parts": [{"content": "{\"type\": \"text\"}", "type": "text"}, )"  // no text
       R"({"content": "{\"image_url\": {}, \"type\": \"image_url\"}", "type": "text"}, )"
       R"({"content": "{\"type\": \"input_audio\"}", "type": "text"}, )"
       R"({"content": "bare", "type": "text"}, {"content": "5", "type": "text"}, )"
       R"({"content": "{\"refusal\": \"no\", \"type\": \"refusal\"}", "type": "text"}], "role": "user"}, )"
       R"({"parts": [{"arguments": "not json", "name": "f", "type": "tool_call"}], "role": "assistant"}, )"
       R"({"parts": [{"id": "c", "response": "r", "type": "tool_call_response"}], "role": "tool"}, )"
       R"({"parts": [{"content": "{\"k\": 1}", "type": "text"}], "role": "user"}])"},
  };  // no model, provider, request settings, output messages or tool definitions
  EXPECT_EQ(genai_semconv_attributes(span), expected);
}

TEST(OtlpGenai, OddTopLevelValues) {
  for (json value : {json(nullptr), json(42), json(""), json::array(), json::object(),
                     json::parse(R"({"messages": []})"), json::parse(R"({"messages": {}})"),
                     json::parse(R"({"choices": {}})"), json::parse(R"({"choices": []})"),
                     json::parse(R"([{"role": 1}])")}) {
    auto owned = make_span("m", "CHAT_MODEL");
    SpanRecord& span = *owned;
    set_inputs(span, value);
    set_outputs(span, value);
    span.attributes = {{"mlflow.chat.tokenUsage", value}, {"mlflow.chat.tools", value},
                       {"mlflow.llm.model", value}};
    EXPECT_EQ(genai_semconv_attributes(span), (Attributes{{"gen_ai.operation.name", "chat"}}))
        << value.dump();
  }
}

TEST(OtlpGenai, StructuredValuesGivenAsJsonText) {
  // Token usage and tools set as JSON text (a user may): read as the JSON they hold.
  auto owned = make_span("m", "CHAT_MODEL");
  SpanRecord& span = *owned;
  span.attributes = {{"mlflow.chat.tokenUsage", R"({"input_tokens": 4, "output_tokens": 6})"},
                     {"mlflow.chat.tools", R"([{"type": "function", "function": {"name": "f"}}])"}};
  Attributes expected = {
      {"gen_ai.operation.name", "chat"},
      {"gen_ai.usage.input_tokens", 4},
      {"gen_ai.usage.output_tokens", 6},
      {"gen_ai.tool.definitions", R"([{"name": "f", "type": "function"}])"},
  };
  EXPECT_EQ(genai_semconv_attributes(span), expected);
}

TEST(OtlpGenai, InlineImageAndAudioAreBlobs) {
  auto owned = make_span("m", "CHAT_MODEL");
  SpanRecord& span = *owned;
  set_inputs(span, json::parse(R"({"messages": [{"role": "user", "content": [
      {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K"}},
      {"type": "input_audio", "input_audio": {"data": "UklGR", "format": "wav"}},
      {"type": "input_image", "image_url": "gs://b/o.jpg"}]}]})"));
  auto attributes = genai_semconv_attributes(span);
  ASSERT_EQ(attributes.size(), 2u);
  EXPECT_EQ(attributes[1].second,
            R"([{"parts": [{"content": "iVBORw0K", "mime_type": "image/png", "modality": "image", )"
            R"("type": "blob"}, {"content": "UklGR", "mime_type": "audio/wav", "modality": "audio", )"
            R"("type": "blob"}, {"modality": "image", "type": "uri", "uri": "gs://b/o.jpg"}], )"
            R"("role": "user"}])");
}

// --- In the OTLP bytes --------------------------------------------------------------------

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string ld(int tag, const std::string& content) {
  EXPECT_LT(content.size(), 128u);
  return bytes({tag, static_cast<int>(content.size())}) + content;
}

// Span.attributes KeyValue{key, AnyValue}.
std::string kv(const std::string& key, const std::string& any_value) {
  return ld(0x4a, ld(0x0a, key) + ld(0x12, any_value));
}

CompletedTrace trace_of(std::unique_ptr<SpanRecord> span) {
  CompletedTrace trace;
  trace.trace_id = {1, 2};
  trace.spans.push_back(std::move(span));
  return trace;
}

TEST(OtlpGenaiEncoding, OnlyWhenAskedAndAfterTheMlflowKeys) {
  auto owned = make_span("m", "CHAT_MODEL");
  SpanRecord& span = *owned;
  set_outputs(span, json::parse(R"({"choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}]})"));
  span.attributes = {{"mlflow.llm.model", "gpt"},
                     {"mlflow.llm.provider", "openai"},
                     {"gen_ai.provider.name", "mine"}};
  CompletedTrace trace = trace_of(std::move(owned));

  std::string plain = encode_export_trace_service_request({&trace}, OtlpResource{});
  EXPECT_EQ(plain, encode_export_trace_service_request({&trace}, OtlpResource{}, OtlpEncodeOptions{}));
  EXPECT_EQ(plain.find("gen_ai.operation.name"), std::string::npos);

  OtlpEncodeOptions options;
  options.genai_semconv = true;
  std::string with = encode_export_trace_service_request({&trace}, OtlpResource{}, options);
  std::string outputs =
      R"({"choices": [{"finish_reason": "stop", "message": {"content": "ok"}}]})";
  std::string output_messages =
      R"([{"finish_reason": "stop", "parts": [{"content": "ok", "type": "text"}], "role": "assistant"}])";
  std::string attributes =
      kv("mlflow.spanType", ld(0x0a, "CHAT_MODEL")) + kv("mlflow.spanOutputs", ld(0x0a, outputs)) +
      kv("mlflow.llm.model", ld(0x0a, "gpt")) + kv("mlflow.llm.provider", ld(0x0a, "openai")) +
      kv("gen_ai.provider.name", ld(0x0a, "mine")) + kv("gen_ai.operation.name", ld(0x0a, "chat")) +
      // the span's own gen_ai.provider.name is kept; none derived from mlflow.llm.provider
      kv("gen_ai.request.model", ld(0x0a, "gpt")) +
      // string[]: AnyValue.array_value (field 5) of ArrayValue.values (field 1)
      kv("gen_ai.response.finish_reasons", ld(0x2a, ld(0x0a, ld(0x0a, "stop")))) +
      kv("gen_ai.output.messages", ld(0x0a, output_messages));
  auto at = with.find(attributes);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(with.substr(at + attributes.size(), 1), bytes({0x7a}));  // then the status
  EXPECT_EQ(with.find("gen_ai.provider.name"), with.rfind("gen_ai.provider.name"));
}

TEST(OtlpGenaiEncoding, OtherSpansAreUnchanged) {
  auto owned = make_span("c", "CHAIN");
  SpanRecord& span = *owned;
  set_inputs(span, json{{"messages", json::array()}});
  CompletedTrace trace = trace_of(std::move(owned));
  OtlpEncodeOptions options;
  options.genai_semconv = true;
  EXPECT_EQ(encode_export_trace_service_request({&trace}, OtlpResource{}, options),
            encode_export_trace_service_request({&trace}, OtlpResource{}));
}

}  // namespace
