// chat_model.h: a stand-in chat model with an OpenAI-shaped interface, so the MLflow UI shows
// its chat view (the LLM integrations issue brings real models).
#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

namespace agent {

class ChatModel {
 public:
  explicit ChatModel(std::string model) : model_(std::move(model)) {}
  // The key is a secret: MLFLOW_NO_CAPTURE keeps it out of the span's inputs.
  MLFLOW_TRACE(CHAT_MODEL, "chat")
  nlohmann::json complete(const nlohmann::json& messages, MLFLOW_NO_CAPTURE const std::string& api_key);

 private:
  std::string model_;
};

// Reads one field of a response; a template, traced per instantiation.
template <class T>
MLFLOW_TRACE(PARSER) T field(const nlohmann::json& response, const std::string& name) {
  return response.at(name).get<T>();
}

}  // namespace agent
