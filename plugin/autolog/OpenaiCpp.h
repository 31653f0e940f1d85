//===- OpenaiCpp.h - Autolog of olrea/openai-cpp's chat, completion, embedding ===//
//
// olrea/openai-cpp (header-only, openai/openai.hpp): everything lives in openai::_detail and is
// re-exported into openai, so the callees' qualified names carry `_detail`. Both call forms
// (openai::chat().create(j) on the singleton, inst.chat.create(j) on an instance) call the same
// members. The adapter dumps the request (the Json the call takes by value) with the SDK's own
// nlohmann, makes the call, and dumps the Json it returns. Its own libcurl calls, inside
// openai.hpp, are never redirected. Docs: docs/autolog.md#openai-cpp.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_OPENAICPP_H
#define MLFLOW_PLUGIN_AUTOLOG_OPENAICPP_H

#include "autolog/AutologIntegration.h"

namespace mlflow::plugin {

class OpenaiCpp : public AutologIntegration {
public:
  llvm::StringRef id() const override { return "openai-cpp"; }
  llvm::ArrayRef<RedirectedCallee> callees() const override;
  llvm::ArrayRef<llvm::StringRef> ownHeaders() const override;
  llvm::StringRef guardMacro() const override { return "OPENAI_HPP_"; }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_OPENAICPP_H
