//===- LlamaCpp.cpp - Autolog of generations run in process with llama.cpp's C API ===//
#include "autolog/LlamaCpp.h"

namespace mlflow::plugin {

// The types are those of llama.h at llama.cpp v0.4.0, as Clang prints a canonical function type
// (typedefs resolved: llama_token is int, llama_memory_t a pointer, size_t unsigned long on the
// LP64 targets the runtime supports).
llvm::ArrayRef<RedirectedCallee> LlamaCpp::callees() const {
  static const RedirectedCallee Callees[] = {
      // The model and the context: the model's name, the context's settings, its end.
      {"llama_model_load_from_file", "llama_cpp_model_load",
       "struct llama_model *(const char *, struct llama_model_params)"},
      {"llama_init_from_model", "llama_cpp_init",
       "struct llama_context *(struct llama_model *, struct llama_context_params)"},
      {"llama_free", "llama_cpp_free", "void (struct llama_context *)"},
      {"llama_memory_clear", "llama_cpp_memory_clear", "void (struct llama_memory_i *, _Bool)"},
      {"llama_set_embeddings", "llama_cpp_set_embeddings",
       "void (struct llama_context *, _Bool)"},
      // The prompt.
      {"llama_chat_apply_template", "llama_cpp_chat_template",
       "int (const char *, const struct llama_chat_message *, unsigned long, _Bool, char *, "
       "int)"},
      {"llama_tokenize", "llama_cpp_tokenize",
       "int (const struct llama_vocab *, const char *, int, int *, int, _Bool, _Bool)"},
      // The generation.
      {"llama_decode", "llama_cpp_decode", "int (struct llama_context *, struct llama_batch)"},
      {"llama_sampler_sample", "llama_cpp_sample",
       "int (struct llama_sampler *, struct llama_context *, int)"},
      {"llama_vocab_is_eog", "llama_cpp_is_eog", "_Bool (const struct llama_vocab *, int)"},
      {"llama_token_is_eog", "llama_cpp_is_eog", "_Bool (const struct llama_vocab *, int)"},
      {"llama_token_to_piece", "llama_cpp_token_to_piece",
       "int (const struct llama_vocab *, int, char *, int, int, _Bool)"},
      // Embeddings.
      {"llama_get_embeddings", "llama_cpp_get_embeddings", "float *(struct llama_context *)"},
      {"llama_get_embeddings_ith", "llama_cpp_get_embeddings",
       "float *(struct llama_context *, int)"},
      {"llama_get_embeddings_seq", "llama_cpp_get_embeddings",
       "float *(struct llama_context *, int)"},
      // The sampler settings that can be seen: the constructors and the chain.
      {"llama_sampler_chain_init", "llama_cpp_sampler_chain_init",
       "struct llama_sampler *(struct llama_sampler_chain_params)"},
      {"llama_sampler_chain_add", "llama_cpp_sampler_chain_add",
       "void (struct llama_sampler *, struct llama_sampler *)"},
      {"llama_sampler_init_greedy", "llama_cpp_sampler_greedy", "struct llama_sampler *(void)"},
      {"llama_sampler_init_dist", "llama_cpp_sampler_dist",
       "struct llama_sampler *(unsigned int)"},
      {"llama_sampler_init_temp", "llama_cpp_sampler_temp", "struct llama_sampler *(float)"},
      {"llama_sampler_init_top_k", "llama_cpp_sampler_top_k", "struct llama_sampler *(int)"},
      {"llama_sampler_init_top_p", "llama_cpp_sampler_top_p",
       "struct llama_sampler *(float, unsigned long)"},
      {"llama_sampler_init_min_p", "llama_cpp_sampler_min_p",
       "struct llama_sampler *(float, unsigned long)"},
      // Called by the adapter itself (checked, never redirected).
      {"llama_model_meta_val_str", "",
       "int (const struct llama_model *, const char *, char *, unsigned long)"},
      {"llama_model_n_embd", "", "int (const struct llama_model *)"},
      {"llama_get_memory", "", "struct llama_memory_i *(const struct llama_context *)"},
  };
  return Callees;
}

llvm::ArrayRef<llvm::StringRef> LlamaCpp::ownHeaders() const {
  static const llvm::StringRef Headers[] = {"llama.h", "llama-cpp.h"};
  return Headers;
}

llvm::StringRef LlamaCpp::supportedRelease() const {
  return "llama.cpp v0.4.0 (the release node-llama-cpp@3.21.1 ships)";
}

} // namespace mlflow::plugin
