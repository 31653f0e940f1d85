// agent.h: the server agent's traced functions (see main.cpp for the trace they make).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

namespace server_agent {

struct Document {
  std::string id;
  std::string text;
};

// Documents appear in spans through nlohmann's to_json, found by ADL.
inline void to_json(nlohmann::json& j, const Document& d) { j = {{"id", d.id}, {"text", d.text}}; }

// retriever.cpp
MLFLOW_TRACE(RETRIEVER) std::vector<Document> search(const std::string& query, int top_k);
MLFLOW_TRACE(EMBEDDING) std::vector<double> embed(const std::string& text);

// chat_model.cpp: an OpenAI-shaped chat call; the key is a secret, never captured.
MLFLOW_TRACE(CHAT_MODEL, "chat")
nlohmann::json complete(const nlohmann::json& messages, const std::string& model,
                        MLFLOW_NO_CAPTURE const std::string& api_key);

// tools.cpp: convert_units throws std::invalid_argument for a unit it does not know.
MLFLOW_TRACE(TOOL) long convert_units(double value, const std::string& unit);
MLFLOW_TRACE(TASK) std::string summarize(const std::string& text);
std::vector<std::string> summarize_all(const std::vector<std::string>& texts);  // manual span

// batch.cpp: one small trace per call, for the server-down / push test.
MLFLOW_TRACE(CHAIN) int batch_item(int index, MLFLOW_NO_CAPTURE const std::string& request_id);
MLFLOW_TRACE(TOOL) int batch_step(int index);

}  // namespace server_agent
