//===- CppHttplib.cpp - Autolog of LLM calls made with cpp-httplib --------===//
#include "autolog/CppHttplib.h"

namespace mlflow::plugin {

llvm::ArrayRef<RedirectedCallee> CppHttplib::callees() const {
  static const RedirectedCallee Callees[] = {
      {"httplib::Client::Post", "cpp_httplib_post"},
      {"httplib::ClientImpl::Post", "cpp_httplib_post"},
      {"httplib::Client::send", "cpp_httplib_send"},
      {"httplib::ClientImpl::send", "cpp_httplib_send"},
  };
  return Callees;
}

llvm::ArrayRef<llvm::StringRef> CppHttplib::ownHeaders() const {
  static const llvm::StringRef Headers[] = {"httplib.h"};
  return Headers;
}

} // namespace mlflow::plugin
