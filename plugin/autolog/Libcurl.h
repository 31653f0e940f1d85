//===- Libcurl.h - Autolog of LLM calls made with libcurl's easy API -------===//
//
// libcurl spreads a request over calls: curl_easy_setopt sets the URL, the body, the headers
// and the write callback on a handle, curl_easy_perform makes the request. All of them are
// redirected: the adapter remembers what was set on each handle (setopt), makes the span when
// perform runs a request to an LLM route, and forgets a handle when it is reset or cleaned up.
// A request to any other URL goes through untouched. Docs: docs/autolog.md#libcurl.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_LIBCURL_H
#define MLFLOW_PLUGIN_AUTOLOG_LIBCURL_H

#include "autolog/AutologIntegration.h"

namespace mlflow::plugin {

class Libcurl : public AutologIntegration {
public:
  llvm::StringRef id() const override { return "libcurl"; }
  llvm::ArrayRef<RedirectedCallee> callees() const override;
  llvm::ArrayRef<llvm::StringRef> ownHeaders() const override;
  llvm::StringRef guardMacro() const override { return "CURLINC_CURL_H"; }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_LIBCURL_H
