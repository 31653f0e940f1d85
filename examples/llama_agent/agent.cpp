// agent.cpp: the main job. A small agent answers a question with a real language model run in
// process by llama.cpp (local_model.cpp), looking its facts up first and calling a tool.
//
//   llama_agent <model.gguf> ["question"]
//
// Its own steps are annotated (MLFLOW_TRACE: an AGENT around a loop with a RETRIEVER and a
// TOOL); the model's calls are not: compiled with the mlflow-cpp plugin, the llama.cpp calls in
// local_model.cpp become CHAT_MODEL spans by themselves (docs/autolog.md, llama-cpp), with the
// messages, the reply, the model's name and the token usage. One trace per question, written to
// the local trace store, or sent to MLflow when MLFLOW_TRACKING_URI is set.
#include <mlflow/capture.h>  // to_json for Document: nlohmann/json
#include <mlflow/trace.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "local_model.h"

namespace {

struct Document {
  std::string id;
  std::string text;
};

const std::vector<Document>& library() {
  static const std::vector<Document> documents = {
      {"eiffel-1", "The Eiffel Tower is 330 metres tall. It stands in Paris, France."},
      {"eiffel-2", "The Eiffel Tower was built by Gustave Eiffel's company and finished in 1889."},
      {"louvre-1", "The Louvre in Paris is the world's most-visited art museum."},
      {"rome-1", "The Colosseum in Rome could hold about 50,000 spectators."},
  };
  return documents;
}

// How a document appears in span inputs and outputs.
void to_json(nlohmann::json& json, const Document& document) {
  json = {{"id", document.id}, {"text", document.text}};
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      if (word.size() > 3) words.push_back(word);
      word.clear();
    }
  }
  return words;
}

// The documents sharing the most words (longer than three letters) with the query.
MLFLOW_TRACE(RETRIEVER)
std::vector<Document> search(const std::string& query, int top_k) {
  std::vector<std::pair<int, const Document*>> scored;
  std::vector<std::string> wanted = words_of(query);
  for (const Document& document : library()) {
    int score = 0;
    for (const std::string& word : words_of(document.text))
      for (const std::string& w : wanted) score += word == w;
    if (score > 0) scored.push_back({score, &document});
  }
  // Best first; among equals, the library's order.
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<Document> found;
  for (const auto& [score, document] : scored) {
    if (static_cast<int>(found.size()) == top_k) break;
    found.push_back(*document);
  }
  return found;
}

// The first number followed by "metres" in a text, converted to feet.
MLFLOW_TRACE(TOOL)
std::string metres_to_feet(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) continue;
    std::size_t end = i;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (text.compare(end, 7, " metres") == 0) {
      long metres = std::stol(text.substr(i, end - i));
      return std::to_string(metres) + " metres is about " +
             std::to_string(static_cast<long>(metres * 3.28084 + 0.5)) + " feet";
    }
    i = end;
  }
  throw std::invalid_argument("no length in metres in: " + text);
}

// Looks up the question, asks the model with what it found, and when the facts hold a length,
// converts it and asks the model to put both together.
MLFLOW_TRACE(AGENT)
std::string answer(MLFLOW_NO_CAPTURE llama_agent::LocalModel& model, const std::string& question) {
  std::vector<Document> documents = search(question, 2);
  std::string facts;
  for (const Document& document : documents) facts += "- " + document.text + "\n";
  std::vector<llama_agent::Message> messages = {
      {"system", "Answer the question in one sentence, using only these facts:\n" + facts},
      {"user", question}};
  std::string reply;
  for (int step = 0; step < 2; ++step) {
    reply = model.chat(messages, 48).text;
    if (step == 1) break;
    std::string conversion;
    try {
      conversion = metres_to_feet(facts);
    } catch (const std::exception&) {
      break;  // nothing to convert: the first reply is the answer
    }
    messages.push_back({"assistant", reply});
    messages.push_back({"user", "Also say that " + conversion + ". Answer in one sentence."});
  }
  return reply;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <model.gguf> [question]\n", argv[0]);
    return 2;
  }
  const std::string question = argc > 2 ? argv[2] : "How tall is the Eiffel Tower?";
  try {
    llama_agent::LocalModel model(argv[1]);
    std::printf("model: %s (loaded in %.0f ms)\n", model.name().c_str(), model.load_ms());
    std::printf("question: %s\n", question.c_str());
    std::printf("answer: %s\n", answer(model, question).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "llama_agent: %s\n", e.what());
    return 1;
  }
  return 0;
}
