// autolog_route_test.cpp: route_of, which URLs are LLM calls (runtime/src/autolog/route.cpp).
#include <mlflow/detail/autolog.h>

#include <gtest/gtest.h>

#include <string>

namespace mlflow::testing {
namespace {

using mlflow::detail::autolog::Api;
using mlflow::detail::autolog::route_of;

struct Route {
  const char* url;
  Api api;
};

class RouteTest : public ::testing::TestWithParam<Route> {};

TEST_P(RouteTest, RouteOf) { EXPECT_EQ(route_of(GetParam().url), GetParam().api) << GetParam().url; }

INSTANTIATE_TEST_SUITE_P(
    Table, RouteTest,
    ::testing::Values(
        // OpenAI and the servers that speak its API, full URLs and bare paths.
        Route{"https://api.openai.com/v1/chat/completions", Api::kOpenAIChat},
        Route{"/v1/chat/completions", Api::kOpenAIChat},
        Route{"v1/chat/completions", Api::kOpenAIChat},
        Route{"http://127.0.0.1:8080/v1/chat/completions", Api::kOpenAIChat},      // llama-server
        Route{"http://localhost:11434/v1/chat/completions", Api::kOpenAIChat},     // Ollama's /v1
        Route{"https://openrouter.ai/api/v1/chat/completions", Api::kOpenAIChat},
        Route{"https://api.groq.com/openai/v1/chat/completions", Api::kOpenAIChat},
        Route{"https://api.deepseek.com/chat/completions", Api::kOpenAIChat},
        Route{"https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
              Api::kOpenAIChat},
        Route{"https://x.openai.azure.com/openai/deployments/gpt4o/chat/completions"
              "?api-version=2024-10-21",
              Api::kOpenAIChat},
        Route{"https://api.openai.com/v1/chat/completions/", Api::kOpenAIChat},   // trailing '/'
        Route{"https://api.openai.com/v1/chat/completions?stream=true#x", Api::kOpenAIChat},
        Route{"https://api.openai.com/v1/completions", Api::kOpenAICompletions},
        Route{"/v1/completions", Api::kOpenAICompletions},
        Route{"https://x.openai.azure.com/openai/deployments/davinci/completions?api-version=1",
              Api::kOpenAICompletions},
        Route{"https://api.openai.com/v1/embeddings", Api::kOpenAIEmbeddings},
        Route{"https://generativelanguage.googleapis.com/v1beta/openai/embeddings",
              Api::kOpenAIEmbeddings},
        Route{"https://api.openai.com/v1/responses", Api::kOpenAIResponses},
        Route{"/v1/responses?x=1", Api::kOpenAIResponses},
        // Anthropic.
        Route{"https://api.anthropic.com/v1/messages", Api::kAnthropicMessages},
        Route{"/v1/messages", Api::kAnthropicMessages},
        // Ollama's native API.
        Route{"http://localhost:11434/api/chat", Api::kOllamaChat},
        Route{"/api/chat", Api::kOllamaChat},
        Route{"http://localhost:11434/api/generate", Api::kOllamaGenerate},
        Route{"http://localhost:11434/api/embed", Api::kOllamaEmbed},
        Route{"http://localhost:11434/api/embeddings", Api::kOllamaEmbed},
        // Gemini.
        Route{"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:"
              "generateContent?key=AIza",
              Api::kGeminiGenerate},
        Route{"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:"
              "streamGenerateContent?alt=sse",
              Api::kGeminiStream},
        Route{"/v1/models/gemini-1.5-pro:generateContent", Api::kGeminiGenerate},
        Route{"https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/"
              "publishers/google/models/gemini-1.5-pro:streamGenerateContent",
              Api::kGeminiStream},
        Route{"/v1beta/tunedModels/my-model:generateContent", Api::kGeminiGenerate},
        // Not LLM calls.
        Route{"", Api::kNone},
        Route{"/", Api::kNone},
        Route{"https://api.openai.com", Api::kNone},
        Route{"https://api.openai.com/v1/models", Api::kNone},
        Route{"https://api.openai.com/v1/files", Api::kNone},
        Route{"https://api.openai.com/v1/threads/thread_abc/messages", Api::kNone},  // Assistants
        Route{"https://api.openai.com/v1/chat/completions/chatcmpl-1", Api::kNone},  // a stored one
        Route{"https://example.com/completions", Api::kNone},
        Route{"https://example.com/search?q=/v1/chat/completions", Api::kNone},  // query only
        Route{"https://example.com/page#/v1/messages", Api::kNone},             // fragment only
        Route{"http://api/chat", Api::kNone},             // "api" is the host, not a segment
        Route{"http://localhost:11434/api/tags", Api::kNone},
        Route{"http://localhost:11434/api/pull", Api::kNone},
        Route{"/v1beta/models/gemini-2.0-flash:countTokens", Api::kNone},
        Route{"/v1beta/models/:generateContent", Api::kNone},     // no model
        Route{"/v1beta/models/gemini-2.0-flash", Api::kNone},
        Route{"/messages", Api::kNone}));

}  // namespace
}  // namespace mlflow::testing
