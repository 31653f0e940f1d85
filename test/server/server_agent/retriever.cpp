// retriever.cpp: a fixed two-document corpus and a toy embedding.
#include <algorithm>
#include <cctype>

#include "agent.h"

namespace server_agent {

std::vector<double> embed(const std::string& text) {
  std::vector<double> v(4, 0.0);
  for (unsigned char c : text) v[c % 4] += std::isalpha(c) ? 1.0 : 0.0;
  return v;
}

std::vector<Document> search(const std::string& query, int top_k) {
  static const std::vector<Document> corpus = {
      {"eiffel-1", "The Eiffel Tower is 330 metres tall."},
      {"eiffel-2", "The Eiffel Tower was completed in 1889."},
      {"louvre-1", "The Louvre is the most visited museum."}};
  std::vector<double> q = embed(query);  // a child span
  (void)q;
  return {corpus.begin(), corpus.begin() + std::min<std::size_t>(corpus.size(), top_k)};
}

}  // namespace server_agent
