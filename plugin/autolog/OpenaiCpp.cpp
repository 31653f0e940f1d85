//===- OpenaiCpp.cpp - Autolog of olrea/openai-cpp's chat, completion, embedding ===//
#include "autolog/OpenaiCpp.h"

namespace mlflow::plugin {

llvm::ArrayRef<RedirectedCallee> OpenaiCpp::callees() const {
  // Json create(Json input), each a POST to its route under the instance's base URL.
  static const RedirectedCallee Callees[] = {
      {"openai::_detail::CategoryChat::create", "openai_cpp_chat"},
      {"openai::_detail::CategoryCompletion::create", "openai_cpp_completion"},
      {"openai::_detail::CategoryEmbedding::create", "openai_cpp_embedding"},
  };
  return Callees;
}

llvm::ArrayRef<llvm::StringRef> OpenaiCpp::ownHeaders() const {
  static const llvm::StringRef Headers[] = {"openai.hpp"};
  return Headers;
}

} // namespace mlflow::plugin
