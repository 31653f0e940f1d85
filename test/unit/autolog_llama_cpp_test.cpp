// autolog_llama_cpp_test.cpp: the llama.cpp generation tracker (runtime/src/autolog/llama_cpp.cpp)
// driven through its entry points (<mlflow/detail/autolog_llama.h>) as the adapter drives them,
// with stand-in handles: the generation rules of docs/autolog.md#llama-cpp that a real model
// does not reach easily (a prompt in several batches, a failed decode, a tokenization that does
// not match, an end-of-generation test of another token, the span that is never current). The
// shapes of real programs run on a real llama.cpp in test/autolog/test_llama_cpp.py.
#include <mlflow/detail/autolog_llama.h>

#include <cmath>
#include <set>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;
namespace llama = mlflow::detail::autolog::llama_cpp;

class LlamaCppTest : public AutologTest {
 protected:
  void SetUp() override {
    AutologTest::SetUp();
    llama::model_loaded(&model_, "/models/tiny.gguf");
    llama::context_created(&ctx_, &model_, "tiny-model", &memory_, false, 4);
    llama::sampler_made(&sampler_, "chain", std::nan(""));
    // This thread's chat and tokenizations from earlier tests are forgotten.
    llama::chat_formatted(nullptr, 0, "");
    for (int i = 0; i < 4; ++i) llama::tokenized("", nullptr, 0);
  }
  void TearDown() override {
    llama::context_freed(&ctx_);  // nothing left open for the next test
    llama::context_freed(&other_ctx_);
    AutologTest::TearDown();
  }

  // A decode that succeeds.
  void decode(const std::vector<std::int32_t>& tokens, const void* ctx = nullptr) {
    ctx = ctx != nullptr ? ctx : &ctx_;
    llama::decode_begin(ctx, tokens.data(), static_cast<std::int32_t>(tokens.size()));
    llama::decode_end(ctx, 0);
  }
  // One token as simple.cpp reads it: sampled, tested, turned into text.
  void token(std::int32_t id, const std::string& piece, bool eog = false) {
    llama::sampled(&sampler_, &ctx_, id);
    llama::eog_checked(id, eog);
    if (!eog) llama::piece(id, piece);
  }
  void tokenize(const std::string& text, const std::vector<std::int32_t>& tokens) {
    llama::tokenized(text, tokens.data(), static_cast<std::int32_t>(tokens.size()));
  }

  std::vector<json> spans() {
    std::vector<json> out;
    for (const auto& trace : stored_traces())
      for (const auto& span : trace["data"]["spans"]) out.push_back(span);
    return out;
  }

  int model_ = 0, ctx_ = 0, other_ctx_ = 0, memory_ = 0, sampler_ = 0;
};

TEST_F(LlamaCppTest, RawPromptIsOneLlmSpanEndedAtFree) {
  tokenize("Hello", {1, 2});
  decode({1, 2});
  token(10, "wor");
  decode({10});
  token(11, "ld");
  llama::context_freed(&ctx_);
  json span = only_span();
  EXPECT_EQ(span["name"], "llama_cpp.generate");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "LLM");
  EXPECT_EQ(inputs_of(span), json({{"prompt", "Hello"}}));
  json out = outputs_of(span);
  EXPECT_EQ(out["choices"][0]["text"], "world");
  EXPECT_EQ(out["choices"][0]["finish_reason"], "length");
  EXPECT_EQ(out["model"], "tiny-model");
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage"),
            json({{"input_tokens", 2}, {"output_tokens", 2}, {"total_tokens", 4}}));
  EXPECT_EQ(attribute(span, "mlflow.llm.provider"), "llama.cpp");
  EXPECT_EQ(attribute(span, "mlflow.autolog.integration"), "llama-cpp");
}

TEST_F(LlamaCppTest, PromptInSeveralBatchesIsOnePrompt) {
  tokenize("a long prompt", {1, 2, 3, 4, 5});
  decode({1, 2, 3});
  decode({4, 5});
  token(10, "x", false);
  token(2, "", true);  // the end of generation
  json span = only_span();
  EXPECT_EQ(inputs_of(span), json({{"prompt", "a long prompt"}}));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage")["input_tokens"], 5);
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage")["output_tokens"], 2);
  EXPECT_EQ(outputs_of(span)["choices"][0]["finish_reason"], "stop");
}

TEST_F(LlamaCppTest, ABatchThatIsNotTheSampledTokenIsANewPrompt) {
  tokenize("one", {1});
  decode({1});
  token(10, "a");
  tokenize("two", {7, 8});
  decode({7, 8});  // not [10]: a new prompt
  token(11, "b");
  llama::memory_cleared(&memory_);
  auto all = spans();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(inputs_of(all[0]), json({{"prompt", "one"}}));
  EXPECT_EQ(outputs_of(all[0])["choices"][0]["text"], "a");
  EXPECT_EQ(inputs_of(all[1]), json({{"prompt", "two"}}));
  EXPECT_EQ(outputs_of(all[1])["choices"][0]["text"], "b");
}

TEST_F(LlamaCppTest, OnlyTheTokenJustSampledEndsTheGeneration) {
  tokenize("p", {1});
  decode({1});
  token(10, "a");
  llama::eog_checked(99, true);  // the program tests another token: nothing ends
  llama::piece(99, "zz");        // nor is its text the generation's
  EXPECT_TRUE(stored_traces().empty());
  decode({10});
  token(2, "", true);
  json span = only_span();
  EXPECT_EQ(outputs_of(span)["choices"][0]["text"], "a");
}

TEST_F(LlamaCppTest, FailedDecodeIsAnError) {
  tokenize("p", {1});
  llama::decode_begin(&ctx_, std::vector<std::int32_t>{1}.data(), 1);
  llama::decode_end(&ctx_, 1);
  json span = only_span();
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_ERROR");
  EXPECT_NE(span["status"]["message"].get<std::string>().find("llama_decode returned 1"),
            std::string::npos);
}

TEST_F(LlamaCppTest, ChatFromTheTemplateEvenForItsSuffix) {
  llama::ChatMessageText messages[] = {{"user", "hi"}, {"assistant", "yo"}, {"user", "more"}};
  const std::string formatted = "<u>hi</u><a>yo</a><u>more</u><a>";
  llama::chat_formatted(messages, 3, formatted);
  tokenize("<u>more</u><a>", {5, 6});  // the new part only
  decode({5, 6});
  token(2, "", true);
  json span = only_span();
  EXPECT_EQ(span["name"], "llama_cpp.chat");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "CHAT_MODEL");
  EXPECT_EQ(attribute(span, "mlflow.message.format"), "openai");
  EXPECT_EQ(inputs_of(span)["messages"],
            json::parse(R"([{"role":"user","content":"hi"},{"role":"assistant","content":"yo"},
                            {"role":"user","content":"more"}])"));
  EXPECT_EQ(outputs_of(span)["object"], "chat.completion");
  EXPECT_EQ(outputs_of(span)["choices"][0]["message"]["content"], "");
}

TEST_F(LlamaCppTest, TextNotFromTheTemplateIsARawPrompt) {
  llama::ChatMessageText messages[] = {{"user", "hi"}};
  llama::chat_formatted(messages, 1, "<u>hi</u><a>");
  tokenize("something else", {5});
  decode({5});
  token(2, "", true);
  EXPECT_EQ(inputs_of(only_span()), json({{"prompt", "something else"}}));
}

TEST_F(LlamaCppTest, PromptTokenizedElsewhereHasNoText) {
  std::thread([] {
    std::vector<std::int32_t> tokens{1, 2};
    llama::tokenized("other thread", tokens.data(), 2);
  }).join();
  decode({1, 2});
  token(2, "", true);
  EXPECT_EQ(inputs_of(only_span()), json({{"prompt", nullptr}}));
}

TEST_F(LlamaCppTest, SamplerSettingsFromTheChain) {
  int min_p = 0, temp = 0, dist = 0;
  llama::sampler_made(&min_p, "min_p", 0.05f);
  llama::sampler_made(&temp, "temp", 0.8f);
  llama::sampler_made(&dist, "dist", 42);
  llama::sampler_added(&sampler_, &min_p);
  llama::sampler_added(&sampler_, &temp);
  llama::sampler_added(&sampler_, &dist);
  decode({1});
  token(2, "", true);
  json span = only_span();
  EXPECT_EQ(attribute(span, "llama_cpp.sampler"), json({"min_p(0.05)", "temp(0.8)", "dist(42)"}));
  EXPECT_EQ(attribute(span, "temperature"), 0.8);
  EXPECT_EQ(attribute(span, "min_p"), 0.05);
  EXPECT_EQ(attribute(span, "seed"), 42);
  EXPECT_EQ(attribute(span, "top_k"), "<absent>");
}

TEST_F(LlamaCppTest, NestsUnderTheCurrentSpanWithoutBecomingIt) {
  {
    auto agent = mlflow::start_span("agent", mlflow::SpanType::AGENT);
    decode({1});
    token(10, "a");
    {
      // The program's own span between two llama.cpp calls is the agent's child, not the
      // generation's.
      auto tool = mlflow::start_span("tool", mlflow::SpanType::TOOL);
    }
    decode({10});
    token(11, "b");
    // The agent's span ends with the generation still open (no end of generation, the context
    // not freed): the generation ends first, inside the trace.
  }
  json trace = only_trace();
  json agent = span_named(trace, "agent");
  json tool = span_named(trace, "tool");
  json generation = span_named(trace, "llama_cpp.generate");
  EXPECT_EQ(tool["parent_span_id"], agent["span_id"]);
  EXPECT_EQ(generation["parent_span_id"], agent["span_id"]);
  EXPECT_EQ(outputs_of(generation)["choices"][0]["text"], "ab");
  EXPECT_LE(generation["end_time_unix_nano"].get<std::int64_t>(),
            agent["end_time_unix_nano"].get<std::int64_t>());
}

TEST_F(LlamaCppTest, EmbeddingsAfterADecodeWithEmbeddingsOn) {
  llama::embeddings_set(&ctx_, true);
  tokenize("embed me", {3, 4, 5});
  decode({3, 4, 5});
  const float values[] = {0.5f, -0.25f, 1.0f, 2.0f};
  llama::embeddings_read(&ctx_, values);
  llama::embeddings_read(&ctx_, values);  // the same decode's: no second span
  json span = only_span();
  EXPECT_EQ(span["name"], "llama_cpp.embed");
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "EMBEDDING");
  EXPECT_EQ(inputs_of(span), json({{"input", "embed me"}}));
  EXPECT_EQ(outputs_of(span)["dimensions"], 4);
  EXPECT_EQ(outputs_of(span)["embedding_prefix"], json({0.5, -0.25, 1.0, 2.0}));
  EXPECT_EQ(attribute(span, "mlflow.chat.tokenUsage")["input_tokens"], 3);
}

TEST_F(LlamaCppTest, ContextsAreApart) {
  llama::context_created(&other_ctx_, &model_, "", &other_ctx_, false, 4);
  decode({1});
  decode({7}, &other_ctx_);
  llama::sampled(&sampler_, &other_ctx_, 8);
  token(10, "a");
  llama::context_freed(&other_ctx_);
  llama::context_freed(&ctx_);
  auto all = spans();
  ASSERT_EQ(all.size(), 2u);
  std::multiset<std::string> models, texts;
  for (const auto& span : all) {
    models.insert(attribute(span, "mlflow.llm.model").get<std::string>());
    texts.insert(outputs_of(span)["choices"][0]["text"].get<std::string>());
  }
  // The other context's model has no GGUF name: its file's name.
  EXPECT_EQ(models, (std::multiset<std::string>{"tiny-model", "tiny.gguf"}));
  EXPECT_EQ(texts, (std::multiset<std::string>{"a", ""}));
}

}  // namespace
}  // namespace mlflow::testing
