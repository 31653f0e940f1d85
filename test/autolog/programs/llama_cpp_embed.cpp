// Embeddings with llama.cpp's C API, in the call shape of llama.cpp's examples/embedding: a
// context with embeddings on and mean pooling, a text tokenized and decoded, its sequence's
// pooled embedding read with llama_get_embeddings_seq (or llama_get_embeddings_ith with --ith,
// after a decode with every token's output). No tracing code: compiled with the plugin, the
// calls are autologged.
//
//   llama_cpp_embed <model.gguf> <backends dir> [--ith] <text>...
//
// Prints, per text, the embedding's size and its first four values.
#include "llama.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s model.gguf backends_dir [--ith] text...\n", argv[0]);
    return 2;
  }
  llama_log_set([](enum ggml_log_level level, const char* text, void*) {
    if (level == GGML_LOG_LEVEL_ERROR) std::fprintf(stderr, "%s", text);
  }, nullptr);
  ggml_backend_load_all_from_path(argv[2]);
  int first = 3;
  const bool ith = std::strcmp(argv[3], "--ith") == 0;
  if (ith) ++first;

  llama_model_params model_params = llama_model_default_params();
  model_params.n_gpu_layers = 0;
  llama_model* model = llama_model_load_from_file(argv[1], model_params);
  if (!model) return 1;
  const llama_vocab* vocab = llama_model_get_vocab(model);
  llama_context_params params = llama_context_default_params();
  params.n_ctx = 512;
  params.n_batch = 512;
  params.n_ubatch = 512;
  params.n_threads = 1;
  params.n_threads_batch = 1;
  params.embeddings = true;
  params.pooling_type = ith ? LLAMA_POOLING_TYPE_NONE : LLAMA_POOLING_TYPE_MEAN;
  llama_context* ctx = llama_init_from_model(model, params);
  if (!ctx) return 1;
  const int n_embd = llama_model_n_embd(model);

  for (int i = first; i < argc; ++i) {
    const std::string text = argv[i];
    const int n = -llama_tokenize(vocab, text.c_str(), text.size(), NULL, 0, true, true);
    std::vector<llama_token> tokens(n);
    if (llama_tokenize(vocab, text.c_str(), text.size(), tokens.data(), tokens.size(), true, true) < 0) return 1;
    llama_memory_clear(llama_get_memory(ctx), true);
    llama_batch batch = llama_batch_get_one(tokens.data(), tokens.size());
    if (llama_decode(ctx, batch) != 0) return 1;
    const float* embedding = ith ? llama_get_embeddings_ith(ctx, -1) : llama_get_embeddings_seq(ctx, 0);
    if (!embedding) return 1;
    std::printf("%d %d", n, n_embd);
    for (int j = 0; j < 4; ++j) std::printf(" %.6f", embedding[j]);
    std::printf("\n");
  }
  llama_free(ctx);
  llama_model_free(model);
  return 0;
}
