// llama-cpp: every call the adapter needs is redirected where the user wrote it, against a
// llama.h with v0.4.0's signatures (a declaration-only stand-in): the model and the context,
// the chat template, the tokenizer, decode, sample, end-of-generation tests (the deprecated
// llama_token_is_eog too), pieces, embeddings, memory clear, free, and the sampler constructors
// whose settings are recorded. The file compiles to an object with the adapters instantiated,
// without a diagnostic. Calls the adapter does not need are left alone, including those it
// makes itself (llama_model_meta_val_str, llama_get_memory, llama_model_n_embd: only their
// types are checked).
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: nm -C %t.o | FileCheck --check-prefix=SYMBOLS %s
#include <llama.h>

#include <string>
#include <vector>

int main() {
  llama_model* model = llama_model_load_from_file("m.gguf", llama_model_default_params());
  llama_context* ctx = llama_init_from_model(model, llama_context_default_params());
  const llama_vocab* vocab = llama_model_get_vocab(model);
  llama_sampler* smpl = llama_sampler_chain_init(llama_sampler_chain_default_params());
  llama_sampler_chain_add(smpl, llama_sampler_init_top_k(40));
  llama_sampler_chain_add(smpl, llama_sampler_init_top_p(0.9f, 1));
  llama_sampler_chain_add(smpl, llama_sampler_init_min_p(0.05f, 1));
  llama_sampler_chain_add(smpl, llama_sampler_init_temp(0.8f));
  llama_sampler_chain_add(smpl, llama_sampler_init_typical(0.9f, 1));
  llama_sampler_chain_add(smpl, llama_sampler_init_dist(1234));
  llama_sampler* greedy = llama_sampler_init_greedy();

  llama_chat_message messages[] = {{"user", "hi"}};
  std::vector<char> formatted(256);
  const int length = llama_chat_apply_template(llama_model_chat_template(model, nullptr), messages, 1, true,
                                               formatted.data(), formatted.size());
  std::vector<llama_token> tokens(length);
  const int n = llama_tokenize(vocab, formatted.data(), length, tokens.data(), tokens.size(), true, true);
  llama_batch batch = llama_batch_get_one(tokens.data(), n);
  llama_decode(ctx, batch);
  llama_token token = llama_sampler_sample(smpl, ctx, -1);
  bool end = llama_vocab_is_eog(vocab, token) || llama_token_is_eog(vocab, token);
  char piece[64];
  llama_token_to_piece(vocab, token, piece, sizeof(piece), 0, true);

  llama_set_embeddings(ctx, true);
  float* all = llama_get_embeddings(ctx);
  float* ith = llama_get_embeddings_ith(ctx, -1);
  float* seq = llama_get_embeddings_seq(ctx, 0);
  char name[64];
  llama_model_meta_val_str(model, "general.name", name, sizeof(name));
  llama_memory_clear(llama_get_memory(ctx), true);
  llama_sampler_free(smpl);
  llama_sampler_free(greedy);
  llama_free(ctx);
  llama_model_free(model);
  return end || !all || !ith || !seq || llama_model_n_embd(model) == 0;
}
// CHECK-NOT: warning
// CHECK-NOT: error
// CHECK: mlflow plugin: autolog llama-cpp: llama_model_load_from_file at llama-cpp-calls-redirected.cpp:17
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_init_from_model at llama-cpp-calls-redirected.cpp:18
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_chain_init at llama-cpp-calls-redirected.cpp:20
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_init_top_k at llama-cpp-calls-redirected.cpp:21
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_chain_add at llama-cpp-calls-redirected.cpp:21
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_init_top_p at llama-cpp-calls-redirected.cpp:22
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_chain_add at llama-cpp-calls-redirected.cpp:22
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_init_min_p at llama-cpp-calls-redirected.cpp:23
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_chain_add at llama-cpp-calls-redirected.cpp:23
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_init_temp at llama-cpp-calls-redirected.cpp:24
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_chain_add at llama-cpp-calls-redirected.cpp:24
// llama_sampler_init_typical's setting is not recorded: not redirected.
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_chain_add at llama-cpp-calls-redirected.cpp:25
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_init_dist at llama-cpp-calls-redirected.cpp:26
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_chain_add at llama-cpp-calls-redirected.cpp:26
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_init_greedy at llama-cpp-calls-redirected.cpp:27
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_chat_apply_template at llama-cpp-calls-redirected.cpp:31
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_tokenize at llama-cpp-calls-redirected.cpp:34
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_decode at llama-cpp-calls-redirected.cpp:36
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_sampler_sample at llama-cpp-calls-redirected.cpp:37
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_vocab_is_eog at llama-cpp-calls-redirected.cpp:38
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_token_is_eog at llama-cpp-calls-redirected.cpp:38
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_token_to_piece at llama-cpp-calls-redirected.cpp:40
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_set_embeddings at llama-cpp-calls-redirected.cpp:42
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_get_embeddings at llama-cpp-calls-redirected.cpp:43
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_get_embeddings_ith at llama-cpp-calls-redirected.cpp:44
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_get_embeddings_seq at llama-cpp-calls-redirected.cpp:45
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_memory_clear at llama-cpp-calls-redirected.cpp:48
// CHECK-NEXT: mlflow plugin: autolog llama-cpp: llama_free at llama-cpp-calls-redirected.cpp:51
// CHECK-NOT: mlflow plugin
// Left alone: not needed, or only called by the adapter (their types are checked).
// SYMBOLS-DAG: U llama_batch_get_one
// SYMBOLS-DAG: U llama_model_get_vocab
// SYMBOLS-DAG: U llama_sampler_free
// SYMBOLS-DAG: U llama_model_free
// SYMBOLS-DAG: W mlflow::v0::detail::autolog::Redirect<mlflow::v0::detail::autolog::tags::llama_cpp_decode, int (*)(llama_context*, llama_batch), &llama_decode, int, llama_context*, llama_batch>::call(llama_context*, llama_batch)
// SYMBOLS-DAG: W mlflow::v0::detail::autolog::Redirect<mlflow::v0::detail::autolog::tags::llama_cpp_init, llama_context* (*)(llama_model*, llama_context_params), &llama_init_from_model, llama_context*, llama_model*, llama_context_params>::call(llama_model*, llama_context_params)
