// A stand-in for a llama.h of another llama.cpp release than the one the llama-cpp integration
// supports (v0.4.0): llama_model_load_from_file takes one more parameter, as a later release's
// might. Everything else is v0.4.0's. Same include guard as the real header.
#ifndef LLAMA_H
#define LLAMA_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t llama_token;

struct llama_vocab;
struct llama_model;
struct llama_context;
struct llama_sampler;

typedef struct llama_batch {
  int32_t n_tokens;
  llama_token* token;
} llama_batch;

struct llama_model_params {
  int32_t n_gpu_layers;
};

struct llama_model* llama_model_load_from_file(const char* path_model, struct llama_model_params params,
                                               const char* cache_dir);
struct llama_batch llama_batch_get_one(llama_token* tokens, int32_t n_tokens);
int32_t llama_decode(struct llama_context* ctx, struct llama_batch batch);
llama_token llama_sampler_sample(struct llama_sampler* smpl, struct llama_context* ctx, int32_t idx);
bool llama_vocab_is_eog(const struct llama_vocab* vocab, llama_token token);
void llama_free(struct llama_context* ctx);

#ifdef __cplusplus
}
#endif

#endif  // LLAMA_H
