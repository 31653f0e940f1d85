//===- Cpr.h - Autolog of LLM calls made with libcpr/cpr ------------------===//
//
// libcpr/cpr: the variadic template cpr::Post(Ts&&...) (cpr::Url, cpr::Header, cpr::Body,
// cpr::WriteCallback, ... in any order) and cpr::Session::Post(). The route is read from the URL
// at run time (route_of): a POST to an LLM route becomes a span, every other request goes
// through as written. cpr::Post's WriteCallback is passed through a wrapper that hands each
// piece of the body to the runtime first; for Session::Post the URL and the body are read from
// the session (GetFullRequestUrl, GetContent) and the response from the returned Response. cpr's
// headers are named like common words (api.h, session.h): they are listed with their directory.
// Docs: docs/autolog.md#cpr.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_CPR_H
#define MLFLOW_PLUGIN_AUTOLOG_CPR_H

#include "autolog/AutologIntegration.h"

namespace mlflow::plugin {

class Cpr : public AutologIntegration {
public:
  llvm::StringRef id() const override { return "cpr"; }
  llvm::ArrayRef<RedirectedCallee> callees() const override;
  llvm::ArrayRef<llvm::StringRef> ownHeaders() const override;
  // cpr/session.h's: the adapter needs Session, Response, Url, Body and WriteCallback, all of
  // which it brings (cpr/api.h includes it).
  llvm::StringRef guardMacro() const override { return "CPR_SESSION_H"; }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_CPR_H
