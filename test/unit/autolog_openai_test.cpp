// autolog_openai_test.cpp: OpenAI's APIs (and llama.cpp's server, which speaks them) recorded
// as MLflow's Python autolog records the OpenAI SDK (runtime/src/autolog/openai.cpp).
#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class AutologOpenAITest : public AutologTest {};

const char* kChatRequest = R"({
  "model": "gpt-4o",
  "messages": [{"role": "system", "content": "You are terse."},
               {"role": "user", "content": "What is the weather in Paris?"}],
  "temperature": 0.2,
  "tools": [{"type": "function", "function": {"name": "get_weather",
             "description": "Weather of a city",
             "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                            "required": ["city"]}}}]
})";

const char* kChatResponse = R"({
  "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion",
  "created": 1741569952, "model": "gpt-4o-2024-08-06",
  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Sunny, 21 C.",
               "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
  "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
            "prompt_tokens_details": {"cached_tokens": 3, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0}},
  "service_tier": "default", "system_fingerprint": "fp_fc9f1d7035"
})";

TEST_F(AutologOpenAITest, ChatCompletion) {
  json span = run(al::Api::kOpenAIChat, "https://api.openai.com/v1/chat/completions",
                  kChatRequest, pieces_of(kChatResponse, 13));
  EXPECT_EQ(span["name"], "Completions");  // mlflow/openai/autolog.py: the SDK's class name
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "CHAT_MODEL");
  EXPECT_EQ(inputs_of(span), json::parse(kChatRequest));
  EXPECT_EQ(outputs_of(span), json::parse(kChatResponse));
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "openai");
  EXPECT_EQ(attribute(span, "mlflow.llm.provider"), "openai");
  EXPECT_EQ(attribute(span, "mlflow.llm.model"), "gpt-4o-2024-08-06");  // the response's
  EXPECT_EQ(attribute(span, "mlflow.autolog.integration"), "libcurl");
  EXPECT_EQ(attribute(span, "url.full"), "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 19}, {"output_tokens", 10}, {"total_tokens", 29},
                  {"cache_read_input_tokens", 3}}));
  EXPECT_EQ(attribute(span, "mlflow.chat.tools"), json::parse(kChatRequest)["tools"]);
  // The request's parameters but messages, as Python's _start_span records them.
  EXPECT_EQ(attribute(span, "model"), "gpt-4o");
  EXPECT_EQ(attribute(span, "temperature"), 0.2);
  EXPECT_EQ(attribute(span, "messages"), "<absent>");
  EXPECT_EQ(attribute(span, "gen_ai.request.stream"), "<absent>");
  EXPECT_TRUE(span["events"].empty());
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_OK");
}

// llama.cpp's server: the usage comes in a last chunk with no choices.
const char* kChatStream =
    "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"role\":\"assistant\","
    "\"content\":null}}],\"created\":1735000000,\"id\":\"chatcmpl-llama\",\"model\":"
    "\"qwen2.5-0.5b-instruct\",\"system_fingerprint\":\"b4600\",\"object\":\"chat.completion.chunk\"}\n\n"
    "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Hello\"}}],"
    "\"created\":1735000000,\"id\":\"chatcmpl-llama\",\"model\":\"qwen2.5-0.5b-instruct\","
    "\"system_fingerprint\":\"b4600\",\"object\":\"chat.completion.chunk\"}\n\n"
    "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\" w\\u00f6rld\"}}],"
    "\"created\":1735000001,\"id\":\"chatcmpl-llama\",\"model\":\"qwen2.5-0.5b-instruct\","
    "\"system_fingerprint\":\"b4600\",\"object\":\"chat.completion.chunk\"}\n\n"
    "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],"
    "\"created\":1735000001,\"id\":\"chatcmpl-llama\",\"model\":\"qwen2.5-0.5b-instruct\","
    "\"system_fingerprint\":\"b4600\",\"object\":\"chat.completion.chunk\"}\n\n"
    "data: {\"choices\":[],\"created\":1735000001,\"id\":\"chatcmpl-llama\",\"model\":"
    "\"qwen2.5-0.5b-instruct\",\"system_fingerprint\":\"b4600\",\"object\":\"chat.completion.chunk\","
    "\"usage\":{\"completion_tokens\":3,\"prompt_tokens\":12,\"total_tokens\":15}}\n\n"
    "data: [DONE]\n\n";

TEST_F(AutologOpenAITest, ChatStreamIsRebuiltIntoOneCompletion) {
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{100000}}) {
    json span = run(al::Api::kOpenAIChat, "http://127.0.0.1:8080/v1/chat/completions",
                    R"({"model": "qwen", "stream": true, "stream_options": {"include_usage": true},
                        "messages": [{"role": "user", "content": "Say hello"}]})",
                    pieces_of(kChatStream, piece));
    // _reconstruct_completion_from_stream: the last chunk's id, created, model, fingerprint.
    EXPECT_EQ(outputs_of(span),
              json::parse(R"({"id": "chatcmpl-llama", "object": "chat.completion",
                "created": 1735000001, "model": "qwen2.5-0.5b-instruct",
                "system_fingerprint": "b4600",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": "Hello wörld"}}],
                "usage": {"completion_tokens": 3, "prompt_tokens": 12, "total_tokens": 15}})"))
        << "pieces of " << piece;
    EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
              json({{"input_tokens", 12}, {"output_tokens", 3}, {"total_tokens", 15}}));
    EXPECT_EQ(attribute(span, "mlflow.llm.model"), "qwen2.5-0.5b-instruct");
    EXPECT_EQ(attribute(span, "gen_ai.request.stream"), true);
    EXPECT_GE(attribute(span, "gen_ai.response.time_to_first_chunk").get<double>(), 0.0);
    // One event per chunk ([DONE] is none), as _add_span_event records them.
    std::vector<json> chunks = chunks_of(span);
    ASSERT_EQ(chunks.size(), 5u);
    EXPECT_EQ(chunks[1]["choices"][0]["delta"]["content"], "Hello");
    EXPECT_EQ(span["events"][0]["name"], "mlflow.chunk.item.0");
    EXPECT_EQ(span["events"][4]["name"], "mlflow.chunk.item.4");
    for (std::size_t i = 1; i < span["events"].size(); ++i)
      EXPECT_LE(span["events"][i - 1]["time_unix_nano"], span["events"][i]["time_unix_nano"]);
    EXPECT_EQ(span["status"]["code"], "STATUS_CODE_OK");
    std::filesystem::remove_all(dir_);
  }
}

TEST_F(AutologOpenAITest, StreamedToolCallsAreJoined) {
  const char* stream =
      "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
      "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
      "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}\n\n"
      "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
      "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}\n\n"
      "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
      "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"Paris\\\"}\"}}]}}]}\n\n"
      "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
      "[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
      "data: [DONE]\n\n";
  json span = run(al::Api::kOpenAIChat, "/v1/chat/completions", kChatRequest, pieces_of(stream, 5));
  json message = outputs_of(span)["choices"][0]["message"];
  EXPECT_TRUE(message["content"].is_null());
  EXPECT_EQ(message["tool_calls"],
            json::parse(R"([{"id": "call_1", "type": "function",
                             "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}])"));
  EXPECT_EQ(outputs_of(span)["choices"][0]["finish_reason"], "tool_calls");
  // No usage was streamed (no include_usage): no token usage at all, rather than zeros.
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"), "<absent>");
  // A request without "stream" whose response streams is still recorded as a stream.
  EXPECT_EQ(attribute(span, "gen_ai.request.stream"), true);
}

TEST_F(AutologOpenAITest, LegacyCompletions) {
  const char* response = R"({"id": "cmpl-1", "object": "text_completion", "created": 1,
      "model": "gpt-3.5-turbo-instruct",
      "choices": [{"text": "\n\nThis is a test.", "index": 0, "logprobs": null,
                   "finish_reason": "length"}],
      "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}})";
  json span = run(al::Api::kOpenAICompletions, "https://api.openai.com/v1/completions",
                  R"({"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test"})",
                  {response});
  EXPECT_EQ(span["name"], "Completions");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "LLM");
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "openai");
  EXPECT_EQ(outputs_of(span), json::parse(response));
  EXPECT_EQ(attribute(span, "prompt"), "Say this is a test");
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 5}, {"output_tokens", 7}, {"total_tokens", 12}}));
}

TEST_F(AutologOpenAITest, LegacyCompletionsStream) {
  const char* stream =
      "data: {\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
      "\"choices\":[{\"text\":\"Hel\",\"index\":0,\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":2,\"model\":\"m\","
      "\"choices\":[{\"text\":\"lo\",\"index\":0,\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";
  json span = run(al::Api::kOpenAICompletions, "/v1/completions",
                  R"({"model": "m", "prompt": "p", "stream": true})", {stream});
  EXPECT_EQ(outputs_of(span),
            json::parse(R"({"id": "cmpl-2", "object": "text_completion", "created": 2, "model": "m",
                            "choices": [{"index": 0, "text": "Hello", "finish_reason": "stop"}]})"));
}

TEST_F(AutologOpenAITest, Embeddings) {
  const char* response = R"({"object": "list",
      "data": [{"object": "embedding", "index": 0, "embedding": [0.0023, -0.0093, 0.0158]}],
      "model": "text-embedding-3-small", "usage": {"prompt_tokens": 8, "total_tokens": 8}})";
  json span = run(al::Api::kOpenAIEmbeddings, "https://api.openai.com/v1/embeddings",
                  R"({"model": "text-embedding-3-small", "input": "The food was delicious"})",
                  {response});
  EXPECT_EQ(span["name"], "Embeddings");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "EMBEDDING");
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "<absent>");  // Python sets it for chat/LLM only
  EXPECT_EQ(attribute(span, "input"), "<absent>");
  EXPECT_EQ(outputs_of(span), json::parse(response));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 8}, {"output_tokens", 0}, {"total_tokens", 8}}));
}

const char* kResponsesRequest = R"({"model": "gpt-4.1", "input": "Tell me a joke",
    "tools": [{"type": "function", "name": "get_weather", "description": "d",
               "parameters": {"type": "object", "properties": {}}, "strict": true},
              {"type": "web_search_preview"}]})";

const char* kResponse = R"({"id": "resp_67cc", "object": "response", "created_at": 1741476542,
    "status": "completed", "error": null, "model": "gpt-4.1-2025-04-14",
    "output": [{"type": "message", "id": "msg_67cc", "status": "completed", "role": "assistant",
                "content": [{"type": "output_text", "text": "Why did the chicken...",
                             "annotations": []}]}],
    "usage": {"input_tokens": 36, "input_tokens_details": {"cached_tokens": 4},
              "output_tokens": 87, "output_tokens_details": {"reasoning_tokens": 0},
              "total_tokens": 123}})";

TEST_F(AutologOpenAITest, ResponsesApi) {
  json span = run(al::Api::kOpenAIResponses, "https://api.openai.com/v1/responses",
                  kResponsesRequest, {kResponse});
  EXPECT_EQ(span["name"], "Responses");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "CHAT_MODEL");
  EXPECT_EQ(outputs_of(span), json::parse(kResponse));
  EXPECT_EQ(attribute(span, "mlflow.llm.model"), "gpt-4.1-2025-04-14");
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 36}, {"output_tokens", 87}, {"total_tokens", 123},
                  {"cache_read_input_tokens", 4}}));
  // chat_schema.py _parse_tools: Responses-API function tools move under "function", built-in
  // tools become a function named after their type.
  EXPECT_EQ(attribute(span, "mlflow.chat.tools"),
            json::parse(R"([{"type": "function", "function": {"name": "get_weather",
                              "description": "d", "parameters": {"type": "object", "properties": {}},
                              "strict": true}},
                            {"type": "function", "function": {"name": "web_search_preview"}}])"));
  EXPECT_EQ(attribute(span, "input"), "<absent>");
}

TEST_F(AutologOpenAITest, ResponsesStreamRecordsTheCompletedResponse) {
  const std::string completed = json::parse(kResponse).dump();
  const std::string stream =
      "event: response.created\n"
      "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_67cc\","
      "\"object\":\"response\",\"status\":\"in_progress\",\"model\":\"gpt-4.1-2025-04-14\",\"output\":[]}}\n\n"
      "event: response.output_text.delta\n"
      "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_67cc\","
      "\"output_index\":0,\"content_index\":0,\"delta\":\"Why did\"}\n\n"
      "event: response.completed\n"
      "data: {\"type\":\"response.completed\",\"sequence_number\":2,\"response\":" + completed + "}\n\n";
  json span = run(al::Api::kOpenAIResponses, "/v1/responses",
                  R"({"model": "gpt-4.1", "input": "Tell me a joke", "stream": true})",
                  pieces_of(stream, 11));
  EXPECT_EQ(outputs_of(span), json::parse(kResponse));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage")["total_tokens"], 123);
  EXPECT_EQ(chunks_of(span).size(), 3u);
  EXPECT_EQ(chunks_of(span)[1]["delta"], "Why did");
}

// Token usage is set once per call, and the trace's total is the sum of its calls.
TEST_F(AutologOpenAITest, TraceTokenUsageIsTheSumOfTheCalls) {
  {
    auto agent = mlflow::start_span("agent", SpanType::AGENT);
    for (int i = 0; i < 2; ++i) {
      al::LlmCall* call = al::begin(al::Integration::kCppHttplib, al::Api::kOpenAIChat,
                                    "/v1/chat/completions", kChatRequest);
      ASSERT_NE(call, nullptr);
      al::response_bytes(call, kChatResponse);
      al::end(call, 200, {});
    }
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 3u);
  EXPECT_EQ(trace["data"]["spans"][1]["parent_span_id"], trace["data"]["spans"][0]["span_id"]);
  EXPECT_EQ(json::parse(trace["info"]["trace_metadata"]["mlflow.trace.tokenUsage"].get<std::string>()),
            json({{"input_tokens", 38}, {"output_tokens", 20}, {"total_tokens", 58},
                  {"cache_read_input_tokens", 6}}));
}

}  // namespace
}  // namespace mlflow::testing
