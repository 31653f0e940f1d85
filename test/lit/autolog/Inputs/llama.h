// A stand-in for llama.cpp v0.4.0's include/llama.h (the release node-llama-cpp@3.21.1 ships),
// declarations only: the types and functions the llama-cpp integration takes or calls, with
// v0.4.0's signatures, and a few it leaves alone. Same include guard as the real header.
#ifndef LLAMA_H
#define LLAMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t llama_pos;
typedef int32_t llama_token;
typedef int32_t llama_seq_id;

struct llama_vocab;
struct llama_model;
struct llama_context;
struct llama_sampler;
typedef struct llama_memory_i* llama_memory_t;

typedef struct llama_batch {
  int32_t n_tokens;
  llama_token* token;
  float* embd;
  llama_pos* pos;
  int32_t* n_seq_id;
  llama_seq_id** seq_id;
  int8_t* logits;
} llama_batch;

struct llama_model_params {
  int32_t n_gpu_layers;
};

struct llama_context_params {
  uint32_t n_ctx;
  uint32_t n_batch;
  int32_t n_threads;
  int32_t n_threads_batch;
  bool embeddings;
};

typedef struct llama_sampler_chain_params {
  bool no_perf;
} llama_sampler_chain_params;

typedef struct llama_chat_message {
  const char* role;
  const char* content;
} llama_chat_message;

struct llama_model_params llama_model_default_params(void);
struct llama_context_params llama_context_default_params(void);
struct llama_sampler_chain_params llama_sampler_chain_default_params(void);

struct llama_model* llama_model_load_from_file(const char* path_model, struct llama_model_params params);
void llama_model_free(struct llama_model* model);
struct llama_context* llama_init_from_model(struct llama_model* model, struct llama_context_params params);
void llama_free(struct llama_context* ctx);
const struct llama_vocab* llama_model_get_vocab(const struct llama_model* model);
int32_t llama_model_meta_val_str(const struct llama_model* model, const char* key, char* buf, size_t buf_size);
int32_t llama_model_n_embd(const struct llama_model* model);
const char* llama_model_chat_template(const struct llama_model* model, const char* name);

llama_memory_t llama_get_memory(const struct llama_context* ctx);
void llama_memory_clear(llama_memory_t mem, bool data);
llama_pos llama_memory_seq_pos_max(llama_memory_t mem, llama_seq_id seq_id);

struct llama_batch llama_batch_get_one(llama_token* tokens, int32_t n_tokens);
int32_t llama_decode(struct llama_context* ctx, struct llama_batch batch);
void llama_set_embeddings(struct llama_context* ctx, bool embeddings);
float* llama_get_embeddings(struct llama_context* ctx);
float* llama_get_embeddings_ith(struct llama_context* ctx, int32_t i);
float* llama_get_embeddings_seq(struct llama_context* ctx, llama_seq_id seq_id);

bool llama_vocab_is_eog(const struct llama_vocab* vocab, llama_token token);
bool llama_token_is_eog(const struct llama_vocab* vocab, llama_token token);
int32_t llama_tokenize(const struct llama_vocab* vocab, const char* text, int32_t text_len, llama_token* tokens,
                       int32_t n_tokens_max, bool add_special, bool parse_special);
int32_t llama_token_to_piece(const struct llama_vocab* vocab, llama_token token, char* buf, int32_t length,
                             int32_t lstrip, bool special);
int32_t llama_chat_apply_template(const char* tmpl, const struct llama_chat_message* chat, size_t n_msg,
                                  bool add_ass, char* buf, int32_t length);

struct llama_sampler* llama_sampler_chain_init(struct llama_sampler_chain_params params);
void llama_sampler_chain_add(struct llama_sampler* chain, struct llama_sampler* smpl);
struct llama_sampler* llama_sampler_init_greedy(void);
struct llama_sampler* llama_sampler_init_dist(uint32_t seed);
struct llama_sampler* llama_sampler_init_top_k(int32_t k);
struct llama_sampler* llama_sampler_init_top_p(float p, size_t min_keep);
struct llama_sampler* llama_sampler_init_min_p(float p, size_t min_keep);
struct llama_sampler* llama_sampler_init_temp(float t);
struct llama_sampler* llama_sampler_init_typical(float p, size_t min_keep);
llama_token llama_sampler_sample(struct llama_sampler* smpl, struct llama_context* ctx, int32_t idx);
void llama_sampler_free(struct llama_sampler* smpl);

#ifdef __cplusplus
}
#endif

#endif  // LLAMA_H
