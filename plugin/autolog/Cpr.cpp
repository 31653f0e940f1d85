//===- Cpr.cpp - Autolog of LLM calls made with libcpr/cpr ----------------===//
#include "autolog/Cpr.h"

namespace mlflow::plugin {

llvm::ArrayRef<RedirectedCallee> Cpr::callees() const {
  static const RedirectedCallee Callees[] = {
      {"cpr::Post", "cpr_post"},
      {"cpr::Session::Post", "cpr_session_post"},
  };
  return Callees;
}

llvm::ArrayRef<llvm::StringRef> Cpr::ownHeaders() const {
  // cpr::Post's body (cpr/api.h) calls Session::Post: the client calling itself.
  static const llvm::StringRef Headers[] = {"cpr/cpr.h", "cpr/api.h", "cpr/session.h"};
  return Headers;
}

} // namespace mlflow::plugin
