// llama_generation.cpp: what autolog adds to one llama.cpp generation run in process (issue 13).
//
// One generation in llama.cpp's simple-chat call shape (memory clear, chat template, tokenize,
// decode the prompt, then per token sample, end-of-generation test, piece, decode), on the tiny
// test model (test/llm_server/make_model.py), greedy, one inference thread. The same source is
// compiled twice, without the plugin (generate_plain) and with it (generate_traced: every llama.cpp
// call redirected, one CHAT_MODEL span per generation, written to a local trace store by the
// export thread), and both are run in one process, in alternating blocks (plain, traced, traced,
// plain, ...) so that the machine's drift falls on both alike. Each block is timed by the calling
// thread's CPU clock (llama.cpp with one thread computes on the calling thread; the export thread's
// work is not the program's latency) and by the wall clock. Printed: the medians over the blocks,
// per generation, and the difference. A benchmark, not a test: nothing is asserted.
//
// The file has three parts, chosen by a macro (bench/CMakeLists.txt does not build it yet):
//
//   L=$(tools/setup.sh --print-llama-cpp); B=<build dir>; F="-std=c++17 -O2 -DNDEBUG -Iruntime/include -Iattributes/include -I$L/include"
//   clang++-19 $F -DLLAMA_BENCH_GENERATE=generate_plain -c bench/autolog/llama_generation.cpp -o plain.o
//   clang++-19 $F -DLLAMA_BENCH_GENERATE=generate_traced -fplugin=$B/lib/mlflow-plugin.so \
//       -c bench/autolog/llama_generation.cpp -o traced.o
//   clang++-19 $F -c bench/autolog/llama_generation.cpp -o main.o
//   clang++-19 main.o plain.o traced.o -L$B/runtime -lmlflow-cpp -Wl,-rpath,$B/runtime \
//       $(pkg-config --libs $L/lib/pkgconfig/llama.pc) -o llama_generation
//   MLFLOW_CPP_TRACE_DIR=$(mktemp -d) ./llama_generation <model.gguf> $L/lib [tokens] [rounds]
#include "llama.h"

#include <string>

struct Reply {
  std::string text;
  int prompt_tokens = 0;
  int tokens = 0;
};

#if defined(LLAMA_BENCH_GENERATE)

#include <vector>

// A fresh conversation of one user message; at most `max_tokens` tokens.
Reply LLAMA_BENCH_GENERATE(llama_model* model, llama_context* ctx, llama_sampler* smpl,
                           const char* user, int max_tokens) {
  Reply reply;
  const llama_vocab* vocab = llama_model_get_vocab(model);
  llama_memory_clear(llama_get_memory(ctx), true);
  const llama_chat_message message = {"user", user};
  std::vector<char> formatted(1024);
  const int length = llama_chat_apply_template(llama_model_chat_template(model, nullptr), &message, 1, true,
                                               formatted.data(), formatted.size());
  if (length < 0 || length > static_cast<int>(formatted.size())) return reply;
  const int n_prompt = -llama_tokenize(vocab, formatted.data(), length, nullptr, 0, true, true);
  std::vector<llama_token> tokens(n_prompt);
  if (llama_tokenize(vocab, formatted.data(), length, tokens.data(), tokens.size(), true, true) < 0) return reply;
  reply.prompt_tokens = n_prompt;
  llama_batch batch = llama_batch_get_one(tokens.data(), tokens.size());
  llama_token token;
  while (reply.tokens < max_tokens) {
    if (llama_decode(ctx, batch) != 0) break;
    token = llama_sampler_sample(smpl, ctx, -1);
    if (llama_vocab_is_eog(vocab, token)) break;
    char piece[256];
    const int n = llama_token_to_piece(vocab, token, piece, sizeof(piece), 0, true);
    if (n < 0) break;
    reply.text.append(piece, n);
    ++reply.tokens;
    batch = llama_batch_get_one(&token, 1);
  }
  return reply;
}

#else  // the benchmark's main

#include <mlflow/tracing.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

Reply generate_plain(llama_model*, llama_context*, llama_sampler*, const char*, int);
Reply generate_traced(llama_model*, llama_context*, llama_sampler*, const char*, int);

namespace {

double thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

double wall_ns() {
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

llama_context* context_of(llama_model* model) {
  llama_context_params params = llama_context_default_params();
  params.n_ctx = 1024;
  params.n_batch = 1024;
  params.n_threads = 1;
  params.n_threads_batch = 1;
  return llama_init_from_model(model, params);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s model.gguf backends_dir [tokens=32] [rounds=30]\n", argv[0]);
    return 2;
  }
  const int max_tokens = argc > 3 ? std::atoi(argv[3]) : 32;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 30;
  constexpr int kBlock = 10;  // generations per timed block
  llama_log_set([](enum ggml_log_level level, const char* text, void*) {
    if (level == GGML_LOG_LEVEL_ERROR) std::fprintf(stderr, "%s", text);
  }, nullptr);
  ggml_backend_load_all_from_path(argv[2]);
  llama_model_params model_params = llama_model_default_params();
  model_params.n_gpu_layers = 0;
  llama_model* model = llama_model_load_from_file(argv[1], model_params);
  if (model == nullptr) return 1;
  llama_context* plain_ctx = context_of(model);
  llama_context* traced_ctx = context_of(model);
  llama_sampler* smpl = llama_sampler_chain_init(llama_sampler_chain_default_params());
  llama_sampler_chain_add(smpl, llama_sampler_init_greedy());
  const char* user = "What is the capital of France? Answer in one word.";

  // The same work on both sides.
  const Reply a = generate_plain(model, plain_ctx, smpl, user, max_tokens);
  const Reply b = generate_traced(model, traced_ctx, smpl, user, max_tokens);
  if (a.text != b.text || a.tokens != b.tokens) {
    std::fprintf(stderr, "the traced generation differs from the plain one\n");
    return 1;
  }
  for (int i = 0; i < 5; ++i) {  // warm-up
    generate_plain(model, plain_ctx, smpl, user, max_tokens);
    generate_traced(model, traced_ctx, smpl, user, max_tokens);
  }

  std::vector<double> plain_cpu, traced_cpu, plain_wall, traced_wall;
  auto block = [&](bool traced) {
    const double cpu0 = thread_cpu_ns(), wall0 = wall_ns();
    for (int i = 0; i < kBlock; ++i)
      (traced ? generate_traced : generate_plain)(model, traced ? traced_ctx : plain_ctx, smpl, user, max_tokens);
    const double cpu = (thread_cpu_ns() - cpu0) / kBlock, wall = (wall_ns() - wall0) / kBlock;
    (traced ? traced_cpu : plain_cpu).push_back(cpu);
    (traced ? traced_wall : plain_wall).push_back(wall);
  };
  for (int r = 0; r < rounds; ++r) {
    const bool traced_first = r % 2 == 1;
    block(traced_first);
    block(!traced_first);
  }
  llama_memory_clear(llama_get_memory(traced_ctx), true);  // (not redirected here: main.o has no plugin)
  mlflow::tracing::flush();

  const double pc = median(plain_cpu), tc = median(traced_cpu);
  const double pw = median(plain_wall), tw = median(traced_wall);
  std::printf("generation: %d prompt tokens, %d generated, %d blocks of %d per side\n", a.prompt_tokens,
              a.tokens, rounds, kBlock);
  std::printf("calling thread CPU per generation: plain %.1f us, traced %.1f us, extra %.1f us (%+.2f%%)\n",
              pc / 1e3, tc / 1e3, (tc - pc) / 1e3, 100.0 * (tc - pc) / pc);
  std::printf("wall clock per generation:         plain %.1f us, traced %.1f us, extra %.1f us (%+.2f%%)\n",
              pw / 1e3, tw / 1e3, (tw - pw) / 1e3, 100.0 * (tw - pw) / pw);
  std::printf("per generated token (CPU): %.0f ns extra\n", (tc - pc) / a.tokens);
  llama_sampler_free(smpl);
  llama_free(plain_ctx);
  llama_free(traced_ctx);
  llama_model_free(model);
  return 0;
}

#endif
