// main.cpp: the agent of examples/traced_agent, traced without the Clang plugin: built with g++
// (or any compiler), each function traced by a macro at the top of its body
// (<mlflow/trace_function.h>). Its trace has the same tree, span types, inputs, outputs and
// errors as the plugin example's (test/e2e/test_traced_agent.py compares them):
//
//   answer [AGENT]
//   ├─ search [RETRIEVER]
//   │  └─ embed [EMBEDDING]
//   ├─ chat [CHAT_MODEL]                 token usage, chat view in the MLflow UI
//   ├─ field [PARSER]                    (the plugin names a template's span field<...>)
//   ├─ to_feet [TOOL]                    ERROR: std::domain_error, caught below
//   ├─ to_feet [TOOL]
//   └─ summarize_all [CHAIN]
//      ├─ summarize_document [TOOL]      (on a worker thread)
//      └─ summarize_document [TOOL]      (on a worker thread)
//
//   g++ -std=c++17 -rdynamic main.cpp $(pkg-config --cflags --libs mlflow-cpp) -o gcc_agent
//   ./gcc_agent && mlflow-cpp show
#include <algorithm>
#include <cctype>
#include <cmath>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <mlflow/trace.h>
#include <mlflow/trace_function.h>

namespace agent {

struct Document {
  std::string id;
  std::string text;
  double score = 0;
};

// How a Document appears in a span (nlohmann's to_json, found by ADL).
inline void to_json(nlohmann::json& j, const Document& d) {
  j = {{"id", d.id}, {"text", d.text}, {"score", d.score}};
}

// The distinct lower-case words of a text (not traced).
std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      out.insert(word);
      word.clear();
    }
  }
  return out;
}

std::vector<double> embed(const std::string& text) {
  MLFLOW_TRACE_BODY(EMBEDDING, text) {
    std::vector<double> v(4, 0.0);
    for (unsigned char c : text) v[c % 4] += std::isalpha(c) ? 1.0 : 0.0;
    return v;
  };
}

class Retriever {
 public:
  explicit Retriever(std::vector<Document> corpus) : corpus_(std::move(corpus)) {}

  std::vector<Document> search(const std::string& query, int top_k) const {
    MLFLOW_TRACE_BODY(RETRIEVER, query, top_k) {
      std::set<std::string> query_words = words(query);
      std::vector<double> q = embed(query);
      std::vector<Document> ranked = corpus_;
      for (auto& doc : ranked) {
        double shared = 0;
        for (const auto& w : words(doc.text)) shared += query_words.count(w);
        doc.score = shared + q[0] * 0.001;
      }
      std::sort(ranked.begin(), ranked.end(), [](const Document& a, const Document& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
      });
      ranked.resize(std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(top_k)));
      return ranked;
    };
  }

 private:
  std::vector<Document> corpus_;
};

// A stand-in chat model with an OpenAI-shaped interface, so the MLflow UI shows its chat view.
class ChatModel {
 public:
  explicit ChatModel(std::string model) : model_(std::move(model)) {}

  // The key is a secret: it is not among the recorded arguments.
  nlohmann::json complete(const nlohmann::json& messages, const std::string& api_key) {
    MLFLOW_TRACE_NAMED_BODY("chat", CHAT_MODEL, messages) {
      if (api_key.empty()) throw std::invalid_argument("no API key");
      std::string question = messages.back().at("content");
      std::string reply = "The Eiffel Tower is 330 metres tall.";
      int input_tokens = static_cast<int>(question.size() / 4), output_tokens = 9;
      mlflow::get_current_active_span()
          .set_attribute("mlflow.message.format", "openai")
          .set_attribute("mlflow.chat.tokenUsage", {{"input_tokens", input_tokens},
                                                    {"output_tokens", output_tokens},
                                                    {"total_tokens", input_tokens + output_tokens}});
      return nlohmann::json{
          {"model", model_},
          {"choices", {{{"index", 0},
                        {"message", {{"role", "assistant"}, {"content", reply}}},
                        {"finish_reason", "stop"}}}},
          {"usage", {{"prompt_tokens", input_tokens}, {"completion_tokens", output_tokens}}}};
    };
  }

 private:
  std::string model_;
};

// Reads one field of a response.
template <class T>
T field(const nlohmann::json& response, const std::string& name) {
  MLFLOW_TRACE_BODY(PARSER, response, name) { return response.at(name).template get<T>(); };
}

// Throws std::domain_error for a negative length: the span records the error and the exception
// reaches the caller unchanged.
long to_feet(double metres) {
  MLFLOW_TRACE_BODY(TOOL, metres) {
    if (metres < 0) throw std::domain_error("negative length: " + std::to_string(metres));
    return std::lround(metres * 3.28084);
  };
}

std::string summarize(const std::string& text, std::size_t words) {
  MLFLOW_TRACE_NAMED_BODY("summarize_document", TOOL, text, words) {
    std::istringstream in(text);
    std::string word, out;
    for (std::size_t i = 0; i < words && in >> word; ++i) out += (i ? " " : "") + word;
    return out;
  };
}

std::vector<std::string> summarize_all(const std::vector<Document>& docs) {
  MLFLOW_TRACE_BODY(CHAIN, docs) {
    std::vector<std::string> summaries(docs.size());
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < docs.size(); ++i)
      // bind_context carries the current span to the worker: its spans join this trace.
      workers.emplace_back(
          mlflow::bind_context([&, i] { summaries[i] = summarize(docs[i].text, 3); }));
    for (auto& worker : workers) worker.join();
    return summaries;
  };
}

std::string answer(const std::string& question, const std::string& api_key) {
  MLFLOW_TRACE_BODY(AGENT, question) {
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
  };
}

}  // namespace agent

int main() {
  std::cout << agent::answer("How tall is the Eiffel Tower?", "sk-secret") << "\n"
            << "trace " << mlflow::get_last_active_trace_id().value_or("(not recorded)") << "\n";
}
