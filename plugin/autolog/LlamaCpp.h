//===- LlamaCpp.h - Autolog of generations run in process with llama.cpp's C API ===//
//
// A generation with llama.cpp is spread over many calls: the chat template is applied
// (llama_chat_apply_template), the prompt tokenized (llama_tokenize) and decoded (llama_decode),
// then one token at a time is sampled (llama_sampler_sample), checked for end of generation
// (llama_vocab_is_eog), turned into text (llama_token_to_piece) and decoded again. Every one of
// those calls is redirected; the adapter hands what each saw to the runtime's generation tracker
// (runtime/src/autolog/llama_cpp.cpp), which makes one span per generation. The model's load,
// the context's creation and end, the sampler constructors and the embedding getters are
// redirected too. Docs: docs/autolog.md#llama-cpp.
//
// llama.cpp's C API changes between releases, so each callee carries the type the adapter was
// written for (llama.cpp v0.4.0, the release node-llama-cpp@3.21.1 ships prebuilt): a file whose
// llama.h declares one of them otherwise keeps every llama.cpp call as written, with a warning.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_LLAMACPP_H
#define MLFLOW_PLUGIN_AUTOLOG_LLAMACPP_H

#include "autolog/AutologIntegration.h"

namespace mlflow::plugin {

class LlamaCpp : public AutologIntegration {
public:
  llvm::StringRef id() const override { return "llama-cpp"; }
  llvm::ArrayRef<RedirectedCallee> callees() const override;
  llvm::ArrayRef<llvm::StringRef> ownHeaders() const override;
  llvm::StringRef guardMacro() const override { return "LLAMA_H"; }
  llvm::StringRef supportedRelease() const override;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_LLAMACPP_H
