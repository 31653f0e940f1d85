//===- Libcurl.cpp - Autolog of LLM calls made with libcurl's easy API -----===//
#include "autolog/Libcurl.h"

namespace mlflow::plugin {

llvm::ArrayRef<RedirectedCallee> Libcurl::callees() const {
  // curl_easy_setopt is variadic; its call is redirected with the promoted type of the value
  // passed (under GCC and Clang, curl.h wraps it in a type-checking macro whose expansion still
  // calls the function).
  static const RedirectedCallee Callees[] = {
      {"curl_easy_setopt", "libcurl_setopt"},
      {"curl_easy_perform", "libcurl_perform"},
      {"curl_easy_reset", "libcurl_reset"},
      {"curl_easy_cleanup", "libcurl_cleanup"},
      {"curl_easy_duphandle", "libcurl_duphandle"},
  };
  return Callees;
}

llvm::ArrayRef<llvm::StringRef> Libcurl::ownHeaders() const {
  static const llvm::StringRef Headers[] = {"curl.h", "easy.h", "typecheck-gcc.h"};
  return Headers;
}

} // namespace mlflow::plugin
