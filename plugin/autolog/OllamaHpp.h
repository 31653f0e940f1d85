//===- OllamaHpp.h - Autolog of jmont-dev/ollama-hpp's chat, generate, embeddings ===//
//
// jmont-dev/ollama-hpp (header-only, ollama.hpp): the free functions ollama::chat,
// ollama::generate and ollama::generate_embeddings and the members of the same names of the
// global-namespace class Ollama (the free functions forward to a static Ollama; that call is
// inside ollama.hpp, so one span per user call). Every overload: the non-streaming ones return
// ollama::response, the streaming ones take a std::function<bool(const ollama::response&)> and
// return bool; the adapter hands each chunk to the runtime before the program's callback sees
// it. The requests are rebuilt as the SDK sends them (model, messages or prompt, options,
// stream, keep_alive) with the SDK's own nlohmann. Docs: docs/autolog.md#ollama-hpp.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_OLLAMAHPP_H
#define MLFLOW_PLUGIN_AUTOLOG_OLLAMAHPP_H

#include "autolog/AutologIntegration.h"

namespace mlflow::plugin {

class OllamaHpp : public AutologIntegration {
public:
  llvm::StringRef id() const override { return "ollama-hpp"; }
  llvm::ArrayRef<RedirectedCallee> callees() const override;
  llvm::ArrayRef<llvm::StringRef> ownHeaders() const override;
  llvm::StringRef guardMacro() const override { return "OLLAMA_HPP"; }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_OLLAMAHPP_H
