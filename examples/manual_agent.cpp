// manual_agent.cpp: a small retrieval-augmented "agent" traced with the manual span API.
//
// It answers a question in four steps — retrieve documents, ask a (pretend) chat model, call a
// tool that fails once, fan work out to two threads — and records each as a span of one trace:
//
//   answer [AGENT]
//   ├─ retrieve [RETRIEVER]
//   ├─ chat [CHAT_MODEL]        messages in, assistant message out, token usage
//   ├─ calculator [TOOL]        ERROR: std::domain_error, then a retry that succeeds
//   ├─ calculator [TOOL]        linked to the failed call
//   └─ summarize [CHAIN]
//      ├─ summarize_part [TASK] (on a worker thread)
//      └─ summarize_part [TASK] (on a worker thread)
//
// Run it and look at the trace:  ./manual_agent && mlflow-cpp show
#include <cmath>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <mlflow/chat.h>
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

namespace {

struct Document {
  std::string id;
  std::string text;
};

// User types become span inputs/outputs through nlohmann's to_json, found by ADL.
void to_json(nlohmann::json& j, const Document& d) { j = {{"id", d.id}, {"text", d.text}}; }

std::vector<Document> retrieve(const std::string& query) {
  auto span = mlflow::start_span("retrieve", mlflow::SpanType::RETRIEVER);
  span.set_inputs({{"query", query}, {"top_k", 2}});
  std::vector<Document> docs = {{"doc-1", "The Eiffel Tower is 330 m tall."},
                                {"doc-2", "It was completed in 1889."}};
  span.set_outputs(mlflow::capture(docs));
  return docs;
}

std::string chat(const std::string& question, const std::vector<Document>& docs) {
  // A call out of the process: OpenTelemetry's CLIENT kind (seen by OTLP collectors).
  auto span = mlflow::start_span("chat", mlflow::SpanType::CHAT_MODEL,
                                 mlflow::SpanOptions().set_kind(mlflow::SpanKind::CLIENT));
  // MLflow's chat shapes (mlflow/chat.h), so the MLflow UI shows the conversation.
  mlflow::chat::set_inputs(span,
                           {{"system", "Answer from the documents: " + docs[0].text},
                            {"user", question}},
                           "tiny-local-model");
  mlflow::chat::set_tools(span, {{"calculator", "Converts metres to feet",
                                  R"({"type":"object","properties":{"metres":{"type":"number"}}})"}});
  std::string reply = "It is 330 metres tall.";
  mlflow::chat::set_output(span, {"assistant", reply});
  mlflow::chat::set_token_usage(span, {24, 7});
  return reply;
}

// `span_id` receives the call's span id; `retry_of`, when given, is the span id of the failed
// call this one retries, linked from the new span (MLflow's span links).
double calculator(double metres, std::string& span_id, const std::string& retry_of = {}) {
  auto span = mlflow::start_span("calculator", mlflow::SpanType::TOOL);
  span_id = span.span_id();
  if (!retry_of.empty()) span.add_link(span.trace_id(), retry_of, {{"reason", "retry"}});
  span.set_inputs({{"metres", metres}});
  try {
    if (metres < 0) throw std::domain_error("negative height");
    double feet = std::round(metres * 3.28084);
    span.set_outputs(feet);
    return feet;
  } catch (const std::exception& e) {
    span.record_exception(e);
    throw;
  }
}

std::string summarize(const std::vector<Document>& docs) {
  auto span = mlflow::start_span("summarize", mlflow::SpanType::CHAIN);
  std::vector<std::string> parts(docs.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    // bind_context carries the current span to the worker, so its spans join this trace.
    workers.emplace_back(mlflow::bind_context([&, i] {
      auto part = mlflow::start_span("summarize_part", mlflow::SpanType::TASK);
      part.set_inputs({{"doc", docs[i].id}});
      parts[i] = docs[i].text.substr(0, docs[i].text.find(' ', 4));
      part.set_outputs(parts[i]);
    }));
  }
  for (auto& worker : workers) worker.join();
  std::string summary = parts[0] + " / " + parts[1];
  span.set_outputs(summary);
  return summary;
}

}  // namespace

int main() {
  const std::string question = "How tall is the Eiffel Tower?";
  auto span = mlflow::start_span("answer", mlflow::SpanType::AGENT);
  span.set_inputs({{"question", question}});
  mlflow::TraceUpdate update;
  update.session_id = "demo-session";
  update.user = "example-user";
  update.client_request_id = "demo-request-1";
  update.tags["example"] = "manual_agent";
  mlflow::update_current_trace(update);

  auto docs = retrieve(question);
  std::string reply = chat(question, docs);
  double feet = 0;
  std::string failed_call, retry;
  try {
    feet = calculator(-330, failed_call);  // a bad call, recorded as an error span...
  } catch (const std::domain_error&) {
    feet = calculator(330, retry, failed_call);  // ...and the retry, linked to it
  }
  std::string summary = summarize(docs);
  std::string answer = reply + " (" + std::to_string(static_cast<int>(feet)) + " ft)";
  span.set_outputs(answer);
  span.end();

  std::cout << answer << "\n"
            << "trace " << mlflow::get_last_active_trace_id().value_or("?") << "\n";
  return 0;  // completed traces are flushed to the store at exit
}
