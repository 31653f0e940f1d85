//===- OllamaHpp.cpp - Autolog of jmont-dev/ollama-hpp's chat, generate, embeddings ===//
#include "autolog/OllamaHpp.h"

namespace mlflow::plugin {

llvm::ArrayRef<RedirectedCallee> OllamaHpp::callees() const {
  static const RedirectedCallee Callees[] = {
      {"ollama::chat", "ollama_hpp_chat"},
      {"Ollama::chat", "ollama_hpp_chat"},
      {"ollama::generate", "ollama_hpp_generate"},
      {"Ollama::generate", "ollama_hpp_generate"},
      {"ollama::generate_embeddings", "ollama_hpp_embeddings"},
      {"Ollama::generate_embeddings", "ollama_hpp_embeddings"},
  };
  return Callees;
}

llvm::ArrayRef<llvm::StringRef> OllamaHpp::ownHeaders() const {
  // include/ollama.hpp and singleheader/ollama.hpp alike. Its bundled httplib.h is
  // cpp-httplib's own header already.
  static const llvm::StringRef Headers[] = {"ollama.hpp"};
  return Headers;
}

} // namespace mlflow::plugin
