// chat_model.cpp: a stand-in chat model with OpenAI's request and response shapes, so the
// MLflow UI shows the span in its chat view; it reports token usage as a real client would.
#include <stdexcept>

#include "agent.h"

namespace server_agent {

nlohmann::json complete(const nlohmann::json& messages, const std::string& model,
                        const std::string& api_key) {
  if (api_key.empty()) throw std::invalid_argument("no API key");
  (void)messages;
  const std::string reply = "The Eiffel Tower is 330 metres tall.";
  mlflow::get_current_active_span()
      .set_attribute("mlflow.message.format", "openai")
      .set_attribute("mlflow.chat.tokenUsage",
                     {{"input_tokens", 24}, {"output_tokens", 9}, {"total_tokens", 33}});
  return {{"id", "chatcmpl-1"},
          {"object", "chat.completion"},
          {"model", model},
          {"choices", {{{"index", 0},
                        {"message", {{"role", "assistant"}, {"content", reply}}},
                        {"finish_reason", "stop"}}}},
          {"usage", {{"prompt_tokens", 24}, {"completion_tokens", 9}, {"total_tokens", 33}}}};
}

}  // namespace server_agent
