// autolog_gemini_test.cpp: Gemini's REST API recorded as mlflow/gemini/autolog.py records
// Models.generate_content (runtime/src/autolog/gemini.cpp).
#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class AutologGeminiTest : public AutologTest {};

const char* kRequest = R"({
  "systemInstruction": {"parts": [{"text": "You are terse."}]},
  "contents": [{"role": "user", "parts": [{"text": "Weather in Paris?"},
               {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]}],
  "tools": [{"functionDeclarations": [{"name": "get_weather", "description": "Weather of a city",
             "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING",
             "description": "The city"}}, "required": ["city"]}}]}],
  "generationConfig": {"temperature": 0.1}
})";

TEST_F(AutologGeminiTest, GenerateContent) {
  const char* response = R"({
    "candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather",
                   "args": {"city": "Paris"}}}], "role": "model"},
                   "finishReason": "STOP", "avgLogprobs": -0.01}],
    "usageMetadata": {"promptTokenCount": 31, "candidatesTokenCount": 7, "totalTokenCount": 38,
                      "cachedContentTokenCount": 5},
    "modelVersion": "gemini-2.0-flash-001", "responseId": "abc"})";
  json span = run(al::Api::kGeminiGenerate,
                  "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:"
                  "generateContent?key=AIzaSyFAKE",
                  kRequest, {response});
  EXPECT_EQ(span["name"], "Models.generate_content");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "LLM");  // _get_span_type: generate_content
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "gemini");
  EXPECT_EQ(attribute(span, "mlflow.llm.provider"), "gemini");
  EXPECT_EQ(attribute(span, "mlflow.llm.model"), "gemini-2.0-flash");  // the URL's model
  EXPECT_EQ(attribute(span, "url.full"),
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:"
            "generateContent?key=***");
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 31}, {"output_tokens", 7}, {"total_tokens", 38},
                  {"cache_read_input_tokens", 5}}));
  EXPECT_EQ(attribute(span, "mlflow.chat.tools"),
            json::parse(R"([{"type": "function", "function": {"name": "get_weather",
                "description": "Weather of a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string",
                               "description": "The city"}}, "required": ["city"]}}}])"));
  // Part keys in the SDK's (and MLflow's UI's) snake_case; nothing else renamed.
  json inputs = inputs_of(span);
  EXPECT_EQ(inputs["contents"][0]["parts"][1],
            json::parse(R"({"inline_data": {"mime_type": "image/png", "data": "iVBORw0KGgo="}})"));
  EXPECT_EQ(inputs["generationConfig"], json({{"temperature", 0.1}}));
  json outputs = outputs_of(span);
  EXPECT_EQ(outputs["candidates"][0]["content"]["parts"][0],
            json::parse(R"({"function_call": {"name": "get_weather", "args": {"city": "Paris"}}})"));
  EXPECT_EQ(outputs["usageMetadata"]["promptTokenCount"], 31);
}

const char* kStream =
    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"The\"}],\"role\": \"model\"},"
    "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8},"
    "\"modelVersion\": \"gemini-2.0-flash\"}\r\n\r\n"
    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" quick brown\"}],\"role\": \"model\"},"
    "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8},"
    "\"modelVersion\": \"gemini-2.0-flash\"}\r\n\r\n"
    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" fox.\"}],\"role\": \"model\"},"
    "\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,"
    "\"candidatesTokenCount\": 4,\"totalTokenCount\": 12},\"modelVersion\": \"gemini-2.0-flash\","
    "\"responseId\": \"r1\"}\r\n\r\n";

TEST_F(AutologGeminiTest, StreamWithServerSentEvents) {
  json span = run(al::Api::kGeminiStream,
                  "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:"
                  "streamGenerateContent?alt=sse",
                  R"({"contents": [{"role": "user", "parts": [{"text": "A fox?"}]}]})",
                  pieces_of(kStream, 3));
  EXPECT_EQ(span["name"], "Models.generate_content_stream");
  EXPECT_EQ(outputs_of(span), json::parse(R"({
    "candidates": [{"content": {"role": "model", "parts": [{"text": "The quick brown fox."}]},
                    "finishReason": "STOP", "index": 0}],
    "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 4, "totalTokenCount": 12},
    "modelVersion": "gemini-2.0-flash", "responseId": "r1"})"));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 8}, {"output_tokens", 4}, {"total_tokens", 12}}));
  EXPECT_EQ(chunks_of(span).size(), 3u);
  EXPECT_EQ(attribute(span, "gen_ai.request.stream"), true);
}

// Without alt=sse the stream is one JSON array whose elements arrive one by one.
TEST_F(AutologGeminiTest, StreamAsAJsonArray) {
  std::string array = "[";
  for (std::string_view line : {std::string_view(kStream)}) {
    std::size_t at = 0;
    bool first = true;
    while ((at = line.find("data: ", at)) != std::string_view::npos) {
      const std::size_t end = line.find("\r\n", at);
      array += (first ? "" : ",\r\n") + std::string(line.substr(at + 6, end - at - 6));
      first = false;
      at = end;
    }
  }
  array += "]";
  json span = run(al::Api::kGeminiStream,
                  "/v1beta/models/gemini-2.0-flash:streamGenerateContent",
                  R"({"contents": [{"role": "user", "parts": [{"text": "A fox?"}]}]})",
                  pieces_of(array, 17));
  EXPECT_EQ(outputs_of(span)["candidates"][0]["content"]["parts"][0]["text"], "The quick brown fox.");
  EXPECT_EQ(chunks_of(span).size(), 3u);
}

TEST_F(AutologGeminiTest, ErrorBody) {
  const char* error = R"({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
      "status": "INVALID_ARGUMENT"}})";
  json span = run(al::Api::kGeminiGenerate, "/v1beta/models/gemini-2.0-flash:generateContent",
                  R"({"contents": []})", {error}, 400);
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_ERROR");
  EXPECT_EQ(span["status"]["message"], "HTTP 400: API key not valid. Please pass a valid API key.");
  EXPECT_EQ(events_named(span, "exception")[0]["attributes"]["exception.type"], "INVALID_ARGUMENT");
  EXPECT_EQ(outputs_of(span), json::parse(error));
}

}  // namespace
}  // namespace mlflow::testing
