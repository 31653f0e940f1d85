// autolog_llm_call_test.cpp: one LLM call's life (runtime/src/autolog/llm_call.cpp): when
// begin() traces nothing, nesting, the ways a call ends (errors, exceptions, cancellation), and
// the SDK entry points (stream_chunk, a returned body).
#include <stdexcept>
#include <thread>

#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class AutologCallTest : public AutologTest {};

const char* kRequest = R"({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})";
const char* kResponse = R"({"id": "c", "object": "chat.completion", "model": "gpt-4o-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"},
                 "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})";

al::LlmCall* begin_chat(al::Integration integration = al::Integration::kLibcurl) {
  return al::begin(integration, al::Api::kOpenAIChat, "/v1/chat/completions", kRequest);
}

TEST_F(AutologCallTest, NothingIsTracedForNonLlmCalls) {
  EXPECT_EQ(al::begin(al::Integration::kLibcurl, al::Api::kNone, "/v1/models", ""), nullptr);
  // A body on an LLM route that is not a JSON object is not an LLM request.
  EXPECT_EQ(al::begin(al::Integration::kLibcurl, al::Api::kOpenAIChat, "/v1/chat/completions",
                      "name=value&x=1"),
            nullptr);
  EXPECT_EQ(al::begin(al::Integration::kLibcurl, al::Api::kOpenAIChat, "/v1/chat/completions",
                      "[1, 2]"),
            nullptr);
  EXPECT_EQ(al::begin(al::Integration::kCount, al::Api::kOpenAIChat, "/v1/chat/completions", "{}"),
            nullptr);
  // The end functions take null.
  al::response_bytes(nullptr, "x");
  al::stream_chunk(nullptr, "x");
  al::end(nullptr, 200, {});
  al::end_cancelled(nullptr, 200);
  al::end_with_exception(nullptr);
  EXPECT_TRUE(stored_traces().empty());
}

TEST_F(AutologCallTest, NothingIsTracedWhileTracingIsOff) {
  mlflow::tracing::disable();
  EXPECT_EQ(begin_chat(), nullptr);
  mlflow::tracing::enable();
  EXPECT_TRUE(stored_traces().empty());
}

class AutologUnsampledTest : public AutologTest {
  void configure(detail::Config& config) override { config.sampling_ratio = 0.0; }
};

TEST_F(AutologUnsampledTest, NothingIsTracedWhenTheTraceIsNotSampled) {
  EXPECT_EQ(begin_chat(), nullptr);
  {
    auto root = mlflow::start_span("root");  // not sampled: its children are not either
    EXPECT_FALSE(root.is_recording());
    EXPECT_EQ(begin_chat(), nullptr);
  }
  // The unsampled attempts left no call open on this thread.
  EXPECT_EQ(begin_chat(), nullptr);
  EXPECT_TRUE(stored_traces().empty());
}

TEST_F(AutologCallTest, ACallInsideACallIsNotTracedAgain) {
  al::LlmCall* outer = al::begin(al::Integration::kOllamaHpp, al::Api::kOllamaChat, "/api/chat",
                                 R"({"model": "m", "messages": []})", "ollama::chat");
  ASSERT_NE(outer, nullptr);
  // The SDK's own HTTP request, redirected too: no second span.
  EXPECT_EQ(al::begin(al::Integration::kCppHttplib, al::Api::kOllamaChat, "/api/chat",
                      R"({"model": "m", "messages": []})"),
            nullptr);
  // Manual spans in between still nest as usual.
  { auto manual = mlflow::start_span("manual"); }
  al::end(outer, 200, {}, R"({"model": "m", "message": {"role": "assistant", "content": "x"}, "done": true})");
  // After the end, the thread may begin again.
  al::LlmCall* next = begin_chat();
  ASSERT_NE(next, nullptr);
  al::end(next, 200, {});
  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 2u);
  json first = traces[0]["data"]["spans"];
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0]["name"], "ollama::chat");  // the adapter's name
  EXPECT_EQ(first[1]["name"], "manual");
  EXPECT_EQ(first[1]["parent_span_id"], first[0]["span_id"]);
}

TEST_F(AutologCallTest, ACallMayEndOnAnotherThread) {
  al::LlmCall* call = begin_chat(al::Integration::kCpr);
  ASSERT_NE(call, nullptr);
  std::thread([call] {
    al::response_bytes(call, kResponse);
    al::end(call, 200, {});
  }).join();
  // The thread that began it is free again.
  al::LlmCall* next = begin_chat();
  ASSERT_NE(next, nullptr);
  al::end(next, 200, {});
  EXPECT_EQ(stored_traces().size(), 2u);

  // A thread that exits with its call open: the call ends later, elsewhere, and the exited
  // thread's slot, taken over by a new thread, is not disturbed by that end.
  al::LlmCall* orphan = nullptr;
  std::thread([&] { orphan = begin_chat(); }).join();
  ASSERT_NE(orphan, nullptr);
  std::thread([&] {
    al::LlmCall* fresh = begin_chat();  // a new thread, maybe on the exited one's slot
    ASSERT_NE(fresh, nullptr);
    al::end(orphan, 200, {});
    EXPECT_EQ(begin_chat(), nullptr);  // still inside `fresh`
    al::end(fresh, 200, {});
  }).join();
}

TEST_F(AutologCallTest, HttpErrorsRecordTheProvidersMessage) {
  const char* body = R"({"error": {"message": "Incorrect API key provided: sk-abc***xyz.",
      "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}})";
  json span = run(al::Api::kOpenAIChat, "https://api.openai.com/v1/chat/completions", kRequest,
                  {body}, 401);
  EXPECT_EQ(span["status"], json({{"code", "STATUS_CODE_ERROR"},
                                  {"message", "HTTP 401: Incorrect API key provided: sk-abc***xyz."}}));
  EXPECT_EQ(outputs_of(span), json::parse(body));
  auto exceptions = events_named(span, "exception");
  ASSERT_EQ(exceptions.size(), 1u);
  EXPECT_EQ(exceptions[0]["attributes"]["exception.type"], "invalid_request_error");
  EXPECT_EQ(exceptions[0]["attributes"]["exception.message"],
            "HTTP 401: Incorrect API key provided: sk-abc***xyz.");
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"), "<absent>");
  EXPECT_EQ(attribute(span, "mlflow.llm.model"), "gpt-4o-mini");  // the request's
}

TEST_F(AutologCallTest, AnthropicErrorBody) {
  const char* body = R"({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})";
  json span = run(al::Api::kAnthropicMessages, "/v1/messages",
                  R"({"model": "claude", "max_tokens": 10, "messages": []})", {body}, 529);
  EXPECT_EQ(span["status"]["message"], "HTTP 529: Overloaded");
  EXPECT_EQ(outputs_of(span), json::parse(body));
}

TEST_F(AutologCallTest, AnErrorPageThatIsNotJson) {
  json span = run(al::Api::kOpenAIChat, "/v1/chat/completions", kRequest,
                  {"<html><body><h1>502 Bad Gateway</h1></body></html>"}, 502);
  EXPECT_EQ(span["status"]["message"], "HTTP 502");
  EXPECT_EQ(outputs_of(span), "<html><body><h1>502 Bad Gateway</h1></body></html>");
}

TEST_F(AutologCallTest, AnErrorChunkInAStreamWithStatus200) {
  const char* stream =
      "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"}}]}\n\n"
      "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
      "\"type\":\"server_error\"}}\n\n";
  json span = run(al::Api::kOpenAIChat, "/v1/chat/completions", kRequest, {stream});
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_ERROR");
  EXPECT_EQ(span["status"]["message"], "The server had an error while processing your request.");
  EXPECT_EQ(outputs_of(span)["choices"][0]["message"]["content"], "par");
  EXPECT_EQ(chunks_of(span).size(), 2u);
}

TEST_F(AutologCallTest, TransportErrors) {
  json span = run(al::Api::kOpenAIChat, "http://127.0.0.1:9/v1/chat/completions", kRequest, {}, 0,
                  "Couldn't connect to server");
  EXPECT_EQ(span["status"], json({{"code", "STATUS_CODE_ERROR"},
                                  {"message", "Couldn't connect to server"}}));
  EXPECT_EQ(events_named(span, "exception")[0]["attributes"]["exception.type"], "TransportError");
  EXPECT_FALSE(span["attributes"].contains("mlflow.spanOutputs"));
}

TEST_F(AutologCallTest, ExceptionsAreRecordedAsMlflowRecordsThem) {
  al::LlmCall* call = begin_chat(al::Integration::kOpenaiCpp);
  ASSERT_NE(call, nullptr);
  al::response_bytes(call, "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                           "\"delta\":{\"content\":\"so far\"}}]}\n\n");
  try {
    throw std::runtime_error("socket closed");
  } catch (...) {
    al::end_with_exception(call);
  }
  json span = only_span();
  EXPECT_EQ(span["status"], json({{"code", "STATUS_CODE_ERROR"},
                                  {"message", "std::runtime_error: socket closed"}}));
  auto exceptions = events_named(span, "exception");
  ASSERT_EQ(exceptions.size(), 1u);
  EXPECT_EQ(exceptions[0]["attributes"]["exception.type"], "std::runtime_error");
  EXPECT_EQ(exceptions[0]["attributes"]["exception.message"], "socket closed");
  EXPECT_EQ(outputs_of(span)["choices"][0]["message"]["content"], "so far");  // what arrived
}

TEST_F(AutologCallTest, ACancelledStreamEndsWithWhatArrived) {
  al::LlmCall* call = al::begin(al::Integration::kCppHttplib, al::Api::kOllamaChat, "/api/chat",
                                R"({"model": "llama3.2", "messages": [{"role": "user", "content": "count"}]})");
  ASSERT_NE(call, nullptr);
  al::response_bytes(call, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"1,\"},\"done\":false}\n"
                           "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" 2,\"},\"done\":false}\n"
                           "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assis");
  al::end_cancelled(call, 200);
  json span = only_span();
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_OK");
  auto cancelled = events_named(span, "cancelled");
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0]["attributes"]["chunks_received"], 2);
  EXPECT_EQ(outputs_of(span)["message"]["content"], "1, 2,");
  EXPECT_EQ(chunks_of(span).size(), 2u);
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"), "<absent>");  // the done line never came
}

// SDK adapters: chunks from a stream callback, and a body the SDK returns parsed.
TEST_F(AutologCallTest, StreamChunksFromAnSdkCallback) {
  al::LlmCall* call = al::begin(al::Integration::kOllamaHpp, al::Api::kOllamaChat, "/api/chat",
                                R"({"model": "llama3.2", "messages": []})");
  ASSERT_NE(call, nullptr);
  al::stream_chunk(call, R"({"model":"llama3.2","message":{"role":"assistant","content":"Hi"},"done":false})");
  al::stream_chunk(call, R"({"model":"llama3.2","message":{"role":"assistant","content":"!"},"done":true,"prompt_eval_count":3,"eval_count":2})");
  al::end(call, 0, {});
  json span = only_span();
  EXPECT_EQ(outputs_of(span)["message"]["content"], "Hi!");
  EXPECT_EQ(chunks_of(span).size(), 2u);
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage")["total_tokens"], 5);
}

TEST_F(AutologCallTest, SseLinesFromAnSdkCallbackWithoutLineEnds) {
  al::LlmCall* call = begin_chat(al::Integration::kOpenaiCpp);
  ASSERT_NE(call, nullptr);
  al::stream_chunk(call, "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");
  al::stream_chunk(call, "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}");
  al::stream_chunk(call, "data: [DONE]");
  al::end(call, 200, {});
  json span = only_span();
  EXPECT_EQ(outputs_of(span)["choices"][0]["message"]["content"], "ab");
  EXPECT_EQ(chunks_of(span).size(), 2u);
}

TEST_F(AutologCallTest, AReturnedBodyWinsOverTheBytes) {
  al::LlmCall* call = begin_chat(al::Integration::kLiboai);
  ASSERT_NE(call, nullptr);
  al::end(call, 200, {}, kResponse);
  json span = only_span();
  EXPECT_EQ(outputs_of(span), json::parse(kResponse));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage")["total_tokens"], 2);
  EXPECT_EQ(attribute(span, "mlflow.autolog.integration"), "liboai");
  EXPECT_TRUE(chunks_of(span).empty());
}

// An empty request (an SDK adapter that has none to give) still gets a span, with no inputs.
TEST_F(AutologCallTest, AnEmptyRequest) {
  json span = run(al::Api::kOpenAIChat, "", "", {kResponse});
  EXPECT_FALSE(span["attributes"].contains("mlflow.spanInputs"));
  EXPECT_FALSE(span["attributes"].contains("url.full"));
  EXPECT_EQ(outputs_of(span), json::parse(kResponse));
}

}  // namespace
}  // namespace mlflow::testing
