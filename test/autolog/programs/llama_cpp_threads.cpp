// Two contexts of one model, each generating on its own thread inside that thread's own span
// ("worker-<i>", TASK), with raw prompts and a fixed number of tokens (the llama.cpp calls are
// simple.cpp's). No tracing code in the calls: compiled with the plugin, they are autologged.
//
//   llama_cpp_threads <model.gguf> <backends dir> <n_predict> <prompt 1> <prompt 2>
//
// Prints each thread's generated text (bytes outside printable ASCII escaped), in thread order,
// after both joined.
#include "llama.h"

#include <mlflow/trace.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "escaped_text.h"

namespace {

std::string generate(llama_model* model, const std::string& prompt, int n_predict) {
  const llama_vocab* vocab = llama_model_get_vocab(model);
  const int n_prompt = -llama_tokenize(vocab, prompt.c_str(), prompt.size(), NULL, 0, true, true);
  std::vector<llama_token> tokens(n_prompt);
  if (llama_tokenize(vocab, prompt.c_str(), prompt.size(), tokens.data(), tokens.size(), true, true) < 0) std::abort();
  llama_context_params params = llama_context_default_params();
  params.n_ctx = n_prompt + n_predict;
  params.n_batch = n_prompt;
  params.n_threads = 1;
  params.n_threads_batch = 1;
  llama_context* ctx = llama_init_from_model(model, params);
  llama_sampler* smpl = llama_sampler_chain_init(llama_sampler_chain_default_params());
  llama_sampler_chain_add(smpl, llama_sampler_init_greedy());
  std::string text;
  llama_batch batch = llama_batch_get_one(tokens.data(), tokens.size());
  llama_token token;
  for (int n = 0; n < n_predict; ++n) {
    if (llama_decode(ctx, batch) != 0) std::abort();
    token = llama_sampler_sample(smpl, ctx, -1);
    if (llama_vocab_is_eog(vocab, token)) break;
    char buf[128];
    const int length = llama_token_to_piece(vocab, token, buf, sizeof(buf), 0, true);
    if (length < 0) std::abort();
    text.append(buf, length);
    batch = llama_batch_get_one(&token, 1);
  }
  llama_sampler_free(smpl);
  llama_free(ctx);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s model.gguf backends_dir n_predict prompt1 prompt2\n", argv[0]);
    return 2;
  }
  llama_log_set([](enum ggml_log_level level, const char* text, void*) {
    if (level == GGML_LOG_LEVEL_ERROR) std::fprintf(stderr, "%s", text);
  }, nullptr);
  ggml_backend_load_all_from_path(argv[2]);
  llama_model_params model_params = llama_model_default_params();
  model_params.n_gpu_layers = 0;
  llama_model* model = llama_model_load_from_file(argv[1], model_params);
  if (!model) return 1;
  const int n_predict = std::atoi(argv[3]);

  std::string texts[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      auto span = mlflow::start_span("worker-" + std::to_string(i + 1), mlflow::SpanType::TASK);
      texts[i] = generate(model, argv[4 + i], n_predict);
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < 2; ++i) std::printf("%d: %s\n", i + 1, escaped(texts[i]).c_str());
  llama_model_free(model);
  return 0;
}
