// main.cpp: the program the server tests run against a real MLflow tracking server.
//
//   server_agent [--request-id ID] [--exit-code K]
//       one trace (below), with client request id ID; prints the answer and "trace <id>"
//   server_agent --traces N [--prefix P] [--exit-code K]
//       N small traces "batch_item [CHAIN] > batch_step [TOOL]", client request ids P-0 .. P-<N-1>;
//       prints "trace <id>" for each
//
// Export goes where MLflow's variables say (MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_NAME or
// MLFLOW_EXPERIMENT_ID); the exit code is K (default 0), whatever happens to the export.
//
// The agent's trace mixes annotated functions (the plugin) and manual spans:
//
//   answer [AGENT]                     annotated; the API key and request id are not captured
//   ├─ plan [CHAIN]                    manual
//   │  └─ rewrite_query [LLM]          manual, token usage 8 + 3
//   ├─ search [RETRIEVER]              annotated (retriever.cpp)
//   │  └─ embed [EMBEDDING]
//   ├─ chat [CHAT_MODEL]               OpenAI shapes, mlflow.message.format=openai, usage 24 + 9
//   ├─ convert_units [TOOL]            ERROR: std::invalid_argument, caught here
//   ├─ convert_units [TOOL]
//   └─ summarize_all [CHAIN]           manual
//      └─ summarize [TASK] x3          on three threads, through mlflow::bind_context
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#include "agent.h"

namespace server_agent {

std::string plan(const std::string& question) {
  auto span = mlflow::start_span("plan", mlflow::SpanType::CHAIN);
  span.set_inputs({{"question", question}});
  span.set_attribute("planner", "rules");
  std::string query;
  {
    auto rewrite = mlflow::start_span("rewrite_query", mlflow::SpanType::LLM);
    rewrite.set_inputs({{"prompt", "Rewrite as a search query: " + question}});
    query = "eiffel tower height";
    rewrite.set_outputs(query);
    rewrite.set_attribute("mlflow.chat.tokenUsage",
                          {{"input_tokens", 8}, {"output_tokens", 3}, {"total_tokens", 11}});
  }
  span.set_outputs({{"steps", {"rewrite", "search", "chat", "convert", "summarize"}}});
  return query;
}

MLFLOW_TRACE(AGENT)
std::string answer(const std::string& question, MLFLOW_NO_CAPTURE const std::string& api_key,
                   MLFLOW_NO_CAPTURE const std::string& request_id) {
  mlflow::TraceUpdate update;
  update.client_request_id = request_id;
  update.session_id = "server-session-1";
  update.user = "cpp-user";
  update.tags = {{"env", "e2e"}, {"agent", "server_agent"}};
  update.metadata = {{"app.version", "1.2.3"}};
  mlflow::update_current_trace(update);

  std::string query = plan(question);
  std::vector<Document> docs = search(query, 2);
  nlohmann::json messages = {
      {{"role", "system"}, {"content", "Answer from the documents: " + docs[0].text}},
      {{"role", "user"}, {"content", question}}};
  nlohmann::json response = complete(messages, "tiny-chat-1", api_key);
  std::string reply = response["choices"][0]["message"]["content"];
  long feet = 0;
  try {
    feet = convert_units(330.0, "furlongs");  // an ERROR span; the agent recovers
  } catch (const std::invalid_argument&) {
    feet = convert_units(330.0, "ft");
  }
  summarize_all({docs[0].text, docs[1].text, reply});
  return reply + " (" + std::to_string(feet) + " ft)";
}

}  // namespace server_agent

int main(int argc, char** argv) {
  std::string request_id = "server-agent-run", prefix = "batch";
  int traces = 0, exit_code = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::cerr << "server_agent: " << arg << " needs a value\n";
      return 2;
    }
    std::string value = argv[++i];
    if (arg == "--request-id") request_id = value;
    else if (arg == "--traces") traces = std::atoi(value.c_str());
    else if (arg == "--prefix") prefix = value;
    else if (arg == "--exit-code") exit_code = std::atoi(value.c_str());
    else {
      std::cerr << "server_agent: unknown argument " << arg << "\n";
      return 2;
    }
  }
  if (traces > 0) {
    for (int i = 0; i < traces; ++i) {
      server_agent::batch_item(i, prefix + "-" + std::to_string(i));
      std::cout << "trace " << mlflow::get_last_active_trace_id().value_or("(not recorded)") << "\n";
    }
  } else {
    std::cout << server_agent::answer("How tall is the Eiffel Tower?", "sk-secret", request_id)
              << "\ntrace " << mlflow::get_last_active_trace_id().value_or("(not recorded)") << "\n";
  }
  return exit_code;  // completed traces are flushed at exit (MLFLOW_CPP_FLUSH_TIMEOUT_MS at most)
}
