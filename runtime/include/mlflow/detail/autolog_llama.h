// mlflow/detail/autolog_llama.h: what the llama.cpp adapter (<mlflow/detail/autolog/llama-cpp.h>)
// tells the runtime's generation tracker (runtime/src/autolog/llama_cpp.cpp).
//
// A generation with llama.cpp's C API is not one call but many: the chat template, the prompt's
// tokenization, llama_decode of the prompt, then per token llama_sampler_sample,
// llama_vocab_is_eog, llama_token_to_piece and llama_decode of the sampled token. The adapter
// forwards what each call saw, and the tracker decides where a generation starts and ends
// (docs/autolog.md#llama-cpp) and makes its span.
//
// No llama.h type crosses this interface (the runtime is built without llama.cpp): handles are
// untyped pointers, used only as keys and never dereferenced; tokens are int32_t (llama_token);
// text is a string_view. Every function is cheap when nothing is being traced, never blocks on
// anything but a short internal lock, and never throws.
#ifndef MLFLOW_DETAIL_AUTOLOG_LLAMA_H
#define MLFLOW_DETAIL_AUTOLOG_LLAMA_H

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace llama_cpp {

// llama_model_load_from_file returned `model` (not null) for the file at `path`.
MLFLOW_API void model_loaded(const void* model, std::string_view path) noexcept;
// llama_init_from_model made `context` of `model`. `gguf_name`: the model's general.name (empty
// when it has none); `memory`: llama_get_memory(context); `embeddings`: the context computes
// embeddings (llama_context_params::embeddings); `n_embd`: llama_model_n_embd(model).
MLFLOW_API void context_created(const void* context, const void* model, std::string_view gguf_name,
                                const void* memory, bool embeddings, std::int32_t n_embd) noexcept;
// llama_set_embeddings(context, on).
MLFLOW_API void embeddings_set(const void* context, bool on) noexcept;
// Before llama_free(context) and llama_memory_clear(memory): the context's generation ends.
MLFLOW_API void context_freed(const void* context) noexcept;
MLFLOW_API void memory_cleared(const void* memory) noexcept;

// llama_chat_apply_template succeeded with these messages; `formatted` is the text it wrote
// (empty when it wrote none: no buffer, or one too small).
struct ChatMessageText {
  std::string_view role;
  std::string_view content;
};
MLFLOW_API void chat_formatted(const ChatMessageText* messages, std::size_t count,
                               std::string_view formatted) noexcept;
// llama_tokenize wrote `count` tokens for `text`.
MLFLOW_API void tokenized(std::string_view text, const std::int32_t* tokens,
                          std::int32_t count) noexcept;

// llama_decode(context, batch): before the call, the batch's tokens (null when the batch holds
// embeddings instead); after it, what it returned.
MLFLOW_API void decode_begin(const void* context, const std::int32_t* tokens,
                             std::int32_t count) noexcept;
MLFLOW_API void decode_end(const void* context, std::int32_t result) noexcept;
// llama_sampler_sample(sampler, context, ...) returned `token`.
MLFLOW_API void sampled(const void* sampler, const void* context, std::int32_t token) noexcept;
// llama_vocab_is_eog(vocab, token) returned `eog`.
MLFLOW_API void eog_checked(std::int32_t token, bool eog) noexcept;
// llama_token_to_piece(vocab, token, ...) wrote `piece`.
MLFLOW_API void piece(std::int32_t token, std::string_view piece) noexcept;
// llama_get_embeddings*(context, ...) returned `values` (not null).
MLFLOW_API void embeddings_read(const void* context, const float* values) noexcept;

// A sampler's settings, as its constructor was called: llama_sampler_init_<kind>(value) returned
// `sampler` (value: the temperature, k, p, or seed; NaN for greedy). kind "chain" is
// llama_sampler_chain_init: an empty chain.
MLFLOW_API void sampler_made(const void* sampler, std::string_view kind, double value) noexcept;
// llama_sampler_chain_add(chain, sampler): the chain samples with `sampler` last.
MLFLOW_API void sampler_added(const void* chain, const void* sampler) noexcept;

}  // namespace llama_cpp
}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_LLAMA_H
