// chat_model.cpp: see chat_model.h.
#include "chat_model.h"

namespace agent {

nlohmann::json ChatModel::complete(const nlohmann::json& messages, const std::string& api_key) {
  if (api_key.empty()) throw std::invalid_argument("no API key");
  std::string question = messages.back().at("content");
  std::string reply = "The Eiffel Tower is 330 metres tall.";
  // What a real client would report; the span shows it as token usage.
  int input_tokens = static_cast<int>(question.size() / 4), output_tokens = 9;
  mlflow::get_current_active_span()
      .set_attribute("mlflow.message.format", "openai")
      .set_attribute("mlflow.chat.tokenUsage", {{"input_tokens", input_tokens},
                                                {"output_tokens", output_tokens},
                                                {"total_tokens", input_tokens + output_tokens}});
  return {{"model", model_},
          {"choices", {{{"index", 0},
                        {"message", {{"role", "assistant"}, {"content", reply}}},
                        {"finish_reason", "stop"}}}},
          {"usage", {{"prompt_tokens", input_tokens}, {"completion_tokens", output_tokens}}}};
}

}  // namespace agent
