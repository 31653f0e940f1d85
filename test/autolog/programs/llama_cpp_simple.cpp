// llama.cpp's own examples/simple/simple.cpp, in its call shape (v0.4.0): a raw prompt, a greedy
// sampler, a fixed number of tokens to predict (the loop stops there, not at an end of
// generation), then the sampler, the context and the model are freed. No tracing code: compiled
// with the plugin, its calls are autologged (docs/autolog.md#llama-cpp).
//
//   llama_cpp_simple <model.gguf> <backends dir> <n_predict> <prompt> [--no-free]
//
// Prints the prompt's pieces, "|" and the generated text on one line, as simple.cpp does (bytes
// outside printable ASCII escaped), then the prompt's and the generated token counts. --no-free:
// exits without freeing anything (the generation then ends at the process's exit).
#include "llama.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "escaped_text.h"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s model.gguf backends_dir n_predict prompt [--no-free]\n", argv[0]);
    return 2;
  }
  const std::string model_path = argv[1];
  const int n_predict = std::atoi(argv[3]);
  const std::string prompt = argv[4];
  const bool free_at_end = !(argc > 5 && std::strcmp(argv[5], "--no-free") == 0);

  llama_log_set([](enum ggml_log_level level, const char* text, void*) {
    if (level == GGML_LOG_LEVEL_ERROR) std::fprintf(stderr, "%s", text);
  }, nullptr);
  ggml_backend_load_all_from_path(argv[2]);

  llama_model_params model_params = llama_model_default_params();
  model_params.n_gpu_layers = 0;
  llama_model* model = llama_model_load_from_file(model_path.c_str(), model_params);
  if (model == NULL) {
    std::fprintf(stderr, "error: unable to load model\n");
    return 1;
  }
  const llama_vocab* vocab = llama_model_get_vocab(model);

  // tokenize the prompt: first the count, then the tokens
  const int n_prompt = -llama_tokenize(vocab, prompt.c_str(), prompt.size(), NULL, 0, true, true);
  std::vector<llama_token> prompt_tokens(n_prompt);
  if (llama_tokenize(vocab, prompt.c_str(), prompt.size(), prompt_tokens.data(), prompt_tokens.size(), true,
                     true) < 0) {
    std::fprintf(stderr, "error: failed to tokenize the prompt\n");
    return 1;
  }

  llama_context_params ctx_params = llama_context_default_params();
  ctx_params.n_ctx = n_prompt + n_predict - 1;
  ctx_params.n_batch = n_prompt;
  ctx_params.n_threads = 1;
  ctx_params.n_threads_batch = 1;
  llama_context* ctx = llama_init_from_model(model, ctx_params);
  if (ctx == NULL) {
    std::fprintf(stderr, "error: failed to create the llama_context\n");
    return 1;
  }

  llama_sampler* smpl = llama_sampler_chain_init(llama_sampler_chain_default_params());
  llama_sampler_chain_add(smpl, llama_sampler_init_greedy());

  // print the prompt token by token
  for (auto id : prompt_tokens) {
    char buf[128];
    int n = llama_token_to_piece(vocab, id, buf, sizeof(buf), 0, true);
    if (n < 0) {
      std::fprintf(stderr, "error: failed to convert token to piece\n");
      return 1;
    }
    std::printf("%s", escaped(std::string(buf, n)).c_str());
  }
  std::printf("|");

  llama_batch batch = llama_batch_get_one(prompt_tokens.data(), prompt_tokens.size());
  int n_decode = 0;
  llama_token new_token_id;
  for (int n_pos = 0; n_pos + batch.n_tokens < n_prompt + n_predict;) {
    if (llama_decode(ctx, batch)) {
      std::fprintf(stderr, "failed to eval\n");
      return 1;
    }
    n_pos += batch.n_tokens;
    new_token_id = llama_sampler_sample(smpl, ctx, -1);
    if (llama_vocab_is_eog(vocab, new_token_id)) {
      break;
    }
    char buf[128];
    int n = llama_token_to_piece(vocab, new_token_id, buf, sizeof(buf), 0, true);
    if (n < 0) {
      std::fprintf(stderr, "error: failed to convert token to piece\n");
      return 1;
    }
    std::printf("%s", escaped(std::string(buf, n)).c_str());
    std::fflush(stdout);
    batch = llama_batch_get_one(&new_token_id, 1);
    n_decode += 1;
  }
  std::printf("\n%d %d\n", n_prompt, n_decode);
  std::fflush(stdout);

  if (!free_at_end) std::exit(0);
  llama_sampler_free(smpl);
  llama_free(ctx);
  llama_model_free(model);
  return 0;
}
