//===- CppHttplib.h - Autolog of LLM calls made with cpp-httplib ----------===//
//
// yhirose/cpp-httplib's client: every overload of Client::Post (and of ClientImpl::Post, which
// SSLClient inherits) is redirected; the adapter reads the path, the body and the client's
// host, and passes a content receiver through a wrapper that sees each chunk before the user's
// receiver does. A POST to any other route goes through untouched. Docs:
// docs/autolog.md#cpp-httplib.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_CPPHTTPLIB_H
#define MLFLOW_PLUGIN_AUTOLOG_CPPHTTPLIB_H

#include "autolog/AutologIntegration.h"

namespace mlflow::plugin {

class CppHttplib : public AutologIntegration {
public:
  llvm::StringRef id() const override { return "cpp-httplib"; }
  llvm::ArrayRef<RedirectedCallee> callees() const override;
  llvm::ArrayRef<llvm::StringRef> ownHeaders() const override;
  llvm::StringRef guardMacro() const override { return "CPPHTTPLIB_HTTPLIB_H"; }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_CPPHTTPLIB_H
