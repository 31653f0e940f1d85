#pragma once
// Stands in for D7EAD/liboai's liboai.h in the lit tests: its names and signatures, declarations
// only.
#include "core/netimpl.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace liboai {
class Response {
 public:
  long status_code = 0;
  std::string content;
  nlohmann::json raw_json;
};
using FutureResponse = std::future<liboai::Response>;
class Conversation {
 public:
  Conversation();
  LIBOAI_EXPORT const nlohmann::json& GetJSON() const & noexcept;
  LIBOAI_EXPORT const nlohmann::json& GetFunctionsJSON() const & noexcept;
  constexpr bool HasFunctions() const & noexcept { return false; }
};
class ChatCompletion {
 public:
  using ChatStreamCallback = std::function<bool(std::string, intptr_t, Conversation&)>;
  LIBOAI_EXPORT liboai::Response create(
      const std::string& model, Conversation& conversation,
      std::optional<std::string> function_call = std::nullopt,
      std::optional<float> temperature = std::nullopt, std::optional<float> top_p = std::nullopt,
      std::optional<uint16_t> n = std::nullopt,
      std::optional<ChatStreamCallback> stream = std::nullopt,
      std::optional<std::vector<std::string>> stop = std::nullopt,
      std::optional<uint16_t> max_tokens = std::nullopt,
      std::optional<float> presence_penalty = std::nullopt,
      std::optional<float> frequency_penalty = std::nullopt,
      std::optional<std::unordered_map<std::string, int8_t>> logit_bias = std::nullopt,
      std::optional<std::string> user = std::nullopt) const & noexcept(false);
  LIBOAI_EXPORT liboai::FutureResponse create_async(
      const std::string& model, Conversation& conversation,
      std::optional<std::string> function_call = std::nullopt,
      std::optional<float> temperature = std::nullopt, std::optional<float> top_p = std::nullopt,
      std::optional<uint16_t> n = std::nullopt,
      std::optional<ChatStreamCallback> stream = std::nullopt,
      std::optional<std::vector<std::string>> stop = std::nullopt,
      std::optional<uint16_t> max_tokens = std::nullopt,
      std::optional<float> presence_penalty = std::nullopt,
      std::optional<float> frequency_penalty = std::nullopt,
      std::optional<std::unordered_map<std::string, int8_t>> logit_bias = std::nullopt,
      std::optional<std::string> user = std::nullopt) const & noexcept(false);
};
class Completions {
 public:
  using StreamCallback = std::function<bool(std::string, intptr_t)>;
  LIBOAI_EXPORT liboai::Response create(
      const std::string& model_id, std::optional<std::string> prompt = std::nullopt,
      std::optional<std::string> suffix = std::nullopt,
      std::optional<uint16_t> max_tokens = std::nullopt,
      std::optional<float> temperature = std::nullopt, std::optional<float> top_p = std::nullopt,
      std::optional<uint16_t> n = std::nullopt, std::optional<StreamCallback> stream = std::nullopt,
      std::optional<uint8_t> logprobs = std::nullopt, std::optional<bool> echo = std::nullopt,
      std::optional<std::vector<std::string>> stop = std::nullopt,
      std::optional<float> presence_penalty = std::nullopt,
      std::optional<float> frequency_penalty = std::nullopt,
      std::optional<uint16_t> best_of = std::nullopt,
      std::optional<std::unordered_map<std::string, int8_t>> logit_bias = std::nullopt,
      std::optional<std::string> user = std::nullopt) const & noexcept(false);
};
class Embeddings {
 public:
  LIBOAI_EXPORT liboai::Response create(const std::string& model_id,
                                        std::optional<std::string> input = std::nullopt,
                                        std::optional<std::string> user = std::nullopt) const & noexcept(false);
  LIBOAI_EXPORT liboai::FutureResponse create_async(
      const std::string& model_id, std::optional<std::string> input = std::nullopt,
      std::optional<std::string> user = std::nullopt) const & noexcept(false);
};
class OpenAI {
 public:
  OpenAI(const std::string& root = "https://api.openai.com/v1");
  std::unique_ptr<liboai::ChatCompletion> ChatCompletion;
  std::unique_ptr<liboai::Completions> Completion;
  std::unique_ptr<liboai::Embeddings> Embedding;
};
}  // namespace liboai
