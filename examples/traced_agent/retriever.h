// retriever.h: finds the documents that answer a question.
#pragma once

#include <string>
#include <vector>

#include <mlflow/trace.h>

#include "documents.h"

namespace agent {

class Retriever {
 public:
  explicit Retriever(std::vector<Document> corpus);
  // Annotated here, defined in retriever.cpp: the definition is traced too.
  MLFLOW_TRACE(RETRIEVER) std::vector<Document> search(const std::string& query, int top_k) const;

 private:
  std::vector<Document> corpus_;
};

MLFLOW_TRACE(EMBEDDING) std::vector<double> embed(const std::string& text);

}  // namespace agent
