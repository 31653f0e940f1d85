// autolog_ollama_test.cpp: Ollama's native API (runtime/src/autolog/ollama.cpp), in the shapes
// of Ollama's API documentation (docs/api.md).
#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class AutologOllamaTest : public AutologTest {};

// "stream" left out: Ollama streams by default.
const char* kChatRequest = R"({"model": "llama3.2",
  "messages": [{"role": "user", "content": "why is the sky blue?"}]})";

const char* kChatStream =
    "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\","
    "\"message\":{\"role\":\"assistant\",\"content\":\"The\"},\"done\":false}\n"
    "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.485406455-07:00\","
    "\"message\":{\"role\":\"assistant\",\"content\":\" sky\"},\"done\":false}\n"
    "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\","
    "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
    "\"total_duration\":4883583458,\"load_duration\":1334875,\"prompt_eval_count\":26,"
    "\"prompt_eval_duration\":342546000,\"eval_count\":282,\"eval_duration\":4535599000}\n";

TEST_F(AutologOllamaTest, ChatStreamByDefault) {
  json span = run(al::Api::kOllamaChat, "http://localhost:11434/api/chat", kChatRequest,
                  pieces_of(kChatStream, 10), 200, {}, al::Integration::kOllamaHpp);
  EXPECT_EQ(span["name"], "ollama.chat");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "CHAT_MODEL");
  EXPECT_EQ(attribute(span, "mlflow.llm.provider"), "ollama");
  EXPECT_EQ(attribute(span, "mlflow.autolog.integration"), "ollama-hpp");
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "<absent>");
  EXPECT_EQ(inputs_of(span), json::parse(kChatRequest));
  // The non-streaming response: the done line, with the joined content.
  EXPECT_EQ(outputs_of(span), json::parse(R"({"model": "llama3.2",
      "created_at": "2023-08-04T19:22:45.499127Z",
      "message": {"role": "assistant", "content": "The sky"}, "done": true, "done_reason": "stop",
      "total_duration": 4883583458, "load_duration": 1334875, "prompt_eval_count": 26,
      "prompt_eval_duration": 342546000, "eval_count": 282, "eval_duration": 4535599000})"));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 26}, {"output_tokens", 282}, {"total_tokens", 308}}));
  EXPECT_EQ(attribute(span, "mlflow.llm.model"), "llama3.2");
  EXPECT_EQ(attribute(span, "gen_ai.request.stream"), true);
  EXPECT_EQ(chunks_of(span).size(), 3u);
  // MLflow's UI has no Ollama format: the conversation goes in mlflow.chat.messages.
  EXPECT_EQ(attribute(span, "mlflow.chat.messages"),
            json::parse(R"([{"role": "user", "content": "why is the sky blue?"},
                            {"role": "assistant", "content": "The sky"}])"));
}

TEST_F(AutologOllamaTest, ChatWithoutStreamAndToolCalls) {
  const char* request = R"({"model": "llama3.2", "stream": false,
    "messages": [{"role": "user", "content": "Weather in Paris?"},
                 {"role": "assistant", "content": "",
                  "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
                 {"role": "tool", "content": "21 C", "tool_name": "get_weather"}],
    "tools": [{"type": "function", "function": {"name": "get_weather", "description": "w",
               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]})";
  const char* response = R"({"model": "llama3.2", "created_at": "2024-07-22T20:33:28.123648Z",
    "message": {"role": "assistant", "content": "It is 21 C in Paris."}, "done_reason": "stop",
    "done": true, "total_duration": 885095291, "prompt_eval_count": 44, "eval_count": 9})";
  json span = run(al::Api::kOllamaChat, "/api/chat", request, {response});
  EXPECT_EQ(outputs_of(span), json::parse(response));
  EXPECT_EQ(attribute(span, "gen_ai.request.stream"), "<absent>");
  EXPECT_TRUE(chunks_of(span).empty());
  EXPECT_EQ(attribute(span, "mlflow.chat.tools"),
            json::parse(R"([{"type": "function", "function": {"name": "get_weather",
                "description": "w",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}])"));
  // Ollama's tool calls in OpenAI's shape: the function name as id, the arguments as JSON text.
  EXPECT_EQ(attribute(span, "mlflow.chat.messages"), json::parse(R"([
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "",
     "tool_calls": [{"id": "get_weather", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
    {"role": "tool", "content": "21 C", "tool_call_id": "get_weather"},
    {"role": "assistant", "content": "It is 21 C in Paris."}])"));
}

TEST_F(AutologOllamaTest, GenerateStream) {
  const char* stream =
      "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19Z\",\"response\":\"The\",\"done\":false}\n"
      "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:20Z\",\"response\":\" sky is\",\"done\":false}\n"
      "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45Z\",\"response\":\"\",\"done\":true,"
      "\"done_reason\":\"stop\",\"context\":[1,2,3],\"prompt_eval_count\":26,\"eval_count\":290}\n";
  json span = run(al::Api::kOllamaGenerate, "http://localhost:11434/api/generate",
                  R"({"model": "llama3.2", "prompt": "Why is the sky blue?", "system": "Be brief."})",
                  pieces_of(stream, 1));
  EXPECT_EQ(span["name"], "ollama.generate");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "LLM");
  EXPECT_EQ(outputs_of(span)["response"], "The sky is");
  EXPECT_EQ(outputs_of(span)["context"], json::array({1, 2, 3}));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 26}, {"output_tokens", 290}, {"total_tokens", 316}}));
  EXPECT_EQ(attribute(span, "mlflow.chat.messages"),
            json::parse(R"([{"role": "system", "content": "Be brief."},
                            {"role": "user", "content": "Why is the sky blue?"},
                            {"role": "assistant", "content": "The sky is"}])"));
}

TEST_F(AutologOllamaTest, Embed) {
  const char* response = R"({"model": "all-minilm", "embeddings": [[0.010071029, -0.0017594862]],
    "total_duration": 14143917, "load_duration": 1019500, "prompt_eval_count": 8})";
  json span = run(al::Api::kOllamaEmbed, "http://localhost:11434/api/embed",
                  R"({"model": "all-minilm", "input": "Why is the sky blue?"})", {response});
  EXPECT_EQ(span["name"], "ollama.embed");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "EMBEDDING");
  EXPECT_EQ(outputs_of(span), json::parse(response));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 8}, {"output_tokens", 0}, {"total_tokens", 8}}));
  EXPECT_EQ(attribute(span, "mlflow.chat.messages"), "<absent>");
}

TEST_F(AutologOllamaTest, ModelNotFound) {
  json span = run(al::Api::kOllamaChat, "/api/chat", kChatRequest,
                  {R"({"error":"model \"llama9\" not found, try pulling it first"})"}, 404);
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_ERROR");
  EXPECT_EQ(span["status"]["message"],
            "HTTP 404: model \"llama9\" not found, try pulling it first");
  EXPECT_EQ(outputs_of(span), json({{"error", "model \"llama9\" not found, try pulling it first"}}));
  EXPECT_TRUE(chunks_of(span).empty());  // an error body, not a one-line stream
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"), "<absent>");
  EXPECT_EQ(attribute(span, "mlflow.chat.messages"), "<absent>");
}

}  // namespace
}  // namespace mlflow::testing
