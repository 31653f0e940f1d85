//===- Liboai.cpp - Autolog of D7EAD/liboai's chat, completions, embeddings ===//
#include "autolog/Liboai.h"

namespace mlflow::plugin {

llvm::ArrayRef<RedirectedCallee> Liboai::callees() const {
  static const RedirectedCallee Callees[] = {
      {"liboai::ChatCompletion::create", "liboai_chat"},
      {"liboai::ChatCompletion::create_async", "liboai_chat_async"},
      {"liboai::Completions::create", "liboai_completions"},
      {"liboai::Completions::create_async", "liboai_completions_async"},
      {"liboai::Embeddings::create", "liboai_embeddings"},
      {"liboai::Embeddings::create_async", "liboai_embeddings_async"},
  };
  return Callees;
}

llvm::ArrayRef<llvm::StringRef> Liboai::ownHeaders() const {
  // liboai.h, or any component header alone (each includes core/netimpl.h through
  // core/network.h). With their directory: "chat.h" alone is too common a name.
  static const llvm::StringRef Headers[] = {"liboai.h", "core/netimpl.h"};
  return Headers;
}

} // namespace mlflow::plugin
