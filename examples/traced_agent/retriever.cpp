// retriever.cpp: a toy retriever: documents ranked by the words they share with the query.
#include "retriever.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace agent {

Retriever::Retriever(std::vector<Document> corpus) : corpus_(std::move(corpus)) {}

namespace {

// The distinct lower-case words of a text.
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

}  // namespace

std::vector<double> embed(const std::string& text) {
  std::vector<double> v(4, 0.0);
  for (unsigned char c : text) v[c % 4] += std::isalpha(c) ? 1.0 : 0.0;
  return v;
}

std::vector<Document> Retriever::search(const std::string& query, int top_k) const {
  std::set<std::string> query_words = words(query);
  std::vector<double> q = embed(query);
  std::vector<Document> ranked = corpus_;
  for (auto& doc : ranked) {
    std::set<std::string> doc_words = words(doc.text);
    double shared = 0;
    for (const auto& w : doc_words) shared += query_words.count(w);
    doc.score = shared + q[0] * 0.001;
  }
  std::sort(ranked.begin(), ranked.end(), [](const Document& a, const Document& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  ranked.resize(std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(top_k)));
  return ranked;
}

}  // namespace agent
