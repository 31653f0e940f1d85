//===- Liboai.h - Autolog of D7EAD/liboai's chat, completions, embeddings --===//
//
// D7EAD/liboai is a compiled library: the bodies of its calls are not in the user's files, so
// only its call sites can be traced. ChatCompletion::create and create_async (model,
// Conversation&, then eleven std::optional parameters, one of them the streaming callback),
// Completions::create and create_async, Embeddings::create and create_async, each `const &`.
// The adapter rebuilds the request body as the library does (its JsonConstructor: the model,
// each parameter that has a value, "stream": true with a callback, the conversation's messages
// and functions) with the library's nlohmann, passes the streaming callback through a wrapper
// that hands the raw server-sent events to the runtime first, and records the Response's status
// and body. create_async's span is a child of the caller's current span and ends when the
// request does. liboai.h uses #pragma once: its LIBOAI_EXPORT macro (core/response.h) stands
// for the include guard. Docs: docs/autolog.md#liboai.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_LIBOAI_H
#define MLFLOW_PLUGIN_AUTOLOG_LIBOAI_H

#include "autolog/AutologIntegration.h"

namespace mlflow::plugin {

class Liboai : public AutologIntegration {
public:
  llvm::StringRef id() const override { return "liboai"; }
  llvm::ArrayRef<RedirectedCallee> callees() const override;
  llvm::ArrayRef<llvm::StringRef> ownHeaders() const override;
  llvm::StringRef guardMacro() const override { return "LIBOAI_EXPORT"; }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_LIBOAI_H
