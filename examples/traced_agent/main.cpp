// main.cpp: a small question-answering agent traced by the mlflow-cpp Clang plugin.
//
// Nothing here calls the tracing API except MLFLOW_TRACE annotations (and one
// update_current_trace for the session): build it with the plugin and every annotated call is
// a span of one trace:
//
//   answer [AGENT]
//   ├─ search [RETRIEVER]
//   │  └─ embed [EMBEDDING]
//   ├─ chat [CHAT_MODEL]                 token usage, chat view in the MLflow UI
//   ├─ field<std::string> [PARSER]
//   ├─ to_feet [TOOL]                    ERROR: std::domain_error, caught below
//   ├─ to_feet [TOOL]
//   └─ summarize_all [CHAIN]
//      ├─ summarize_document [TOOL]      (on a worker thread)
//      └─ summarize_document [TOOL]      (on a worker thread)
//
//   clang++-19 -std=c++17 *.cpp $(pkg-config --cflags --libs mlflow-cpp) -o traced_agent
//   ./traced_agent && mlflow-cpp show
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include "chat_model.h"
#include "retriever.h"
#include "tools.h"

namespace agent {

MLFLOW_TRACE(CHAIN)
std::vector<std::string> summarize_all(const std::vector<Document>& docs) {
  std::vector<std::string> summaries(docs.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < docs.size(); ++i)
    // bind_context carries the current span to the worker: its spans join this trace.
    workers.emplace_back(mlflow::bind_context([&, i] { summaries[i] = summarize(docs[i].text, 3); }));
  for (auto& worker : workers) worker.join();
  return summaries;
}

MLFLOW_TRACE(AGENT)
std::string answer(const std::string& question, MLFLOW_NO_CAPTURE const std::string& api_key) {
  mlflow::TraceUpdate update;
  update.session_id = "session-42";
  update.user = "example-user";
  mlflow::update_current_trace(update);

  Retriever retriever({{"eiffel-1", "The Eiffel Tower is 330 metres tall.", 0},
                       {"eiffel-2", "The Eiffel Tower was completed in 1889.", 0},
                       {"louvre-1", "The Louvre is the most visited museum.", 0}});
  std::vector<Document> docs = retriever.search(question, 2);

  ChatModel model("tiny-chat-1");
  nlohmann::json messages = {
      {{"role", "system"}, {"content", "Answer from the documents: " + docs.front().text}},
      {{"role", "user"}, {"content", question}}};
  nlohmann::json response = model.complete(messages, api_key);
  std::string reply = field<std::string>(response["choices"][0]["message"], "content");

  long feet = 0;
  try {
    feet = to_feet(-330.0);  // a bad tool call: an ERROR span, and the agent recovers
  } catch (const std::domain_error&) {
    feet = to_feet(330.0);
  }
  std::vector<std::string> summaries = summarize_all(docs);
  return reply + " (" + std::to_string(feet) + " ft; sources: " + summaries[0] + "..., " +
         summaries[1] + "...)";
}

}  // namespace agent

int main() {
  std::cout << agent::answer("How tall is the Eiffel Tower?", "sk-secret") << "\n"
            << "trace " << mlflow::get_last_active_trace_id().value_or("(not recorded)") << "\n";
}
