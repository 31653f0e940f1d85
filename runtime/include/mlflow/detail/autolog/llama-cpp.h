// mlflow/detail/autolog/llama-cpp.h: the llama.cpp adapter (plugin/autolog/LlamaCpp.h).
//
// Each redirected call is made exactly as written, and returns exactly what it returned; before
// or after it, what it saw is handed to the runtime's generation tracker
// (<mlflow/detail/autolog_llama.h>), which decides where a generation starts and ends
// (docs/autolog.md#llama-cpp). Nothing here records anything itself.
//
//   llama_model_load_from_file   the model's file name
//   llama_init_from_model        the model's GGUF general.name, the context's memory, whether
//                                it computes embeddings, the embedding size (read with
//                                llama_model_meta_val_str, llama_get_memory, llama_model_n_embd)
//   llama_free, llama_memory_clear, llama_set_embeddings
//   llama_chat_apply_template    the messages, and the text written
//   llama_tokenize               the text, and the tokens written
//   llama_decode                 the batch's tokens (before), what it returned (after)
//   llama_sampler_sample         the token; llama_vocab_is_eog / llama_token_is_eog the answer;
//   llama_token_to_piece         the text written for the token
//   llama_get_embeddings(_ith|_seq)  the values returned
//   llama_sampler_chain_init, _chain_add, _init_greedy|dist|temp|top_k|top_p|min_p  the settings
//
// Everything is a member template, instantiated only where the plugin redirected a call: the
// plugin redirects only in files whose llama.h has the types this adapter was written for, so a
// file built against another release's llama.h compiles this header without instantiating it.
#ifndef MLFLOW_DETAIL_AUTOLOG_LLAMA_CPP_H
#define MLFLOW_DETAIL_AUTOLOG_LLAMA_CPP_H

// The client's header is not included here: the plugin's tail includes this header only after
// the user's file included llama.h (under whatever path it did).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string_view>
#include <vector>

#include <mlflow/detail/autolog/redirect.h>
#include <mlflow/detail/autolog_llama.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace llama_cpp {

inline bool on() noexcept { return enabled(Integration::kLlamaCpp); }

inline std::string_view text_of(const char* text) noexcept {
  return text != nullptr ? std::string_view(text) : std::string_view();
}

}  // namespace llama_cpp

template <>
struct Adapter<tags::llama_cpp_model_load> {
  template <class R, class Fn, Fn F, class Path, class Params>
  static R call(Path path, Params params) {
    R model = plain_call<R, Fn, F>(path, params);
    if (model != nullptr) llama_cpp::model_loaded(model, llama_cpp::text_of(path));
    return model;
  }
};

template <>
struct Adapter<tags::llama_cpp_init> {
  template <class R, class Fn, Fn F, class Model, class Params>
  static R call(Model model, Params params) {
    R context = plain_call<R, Fn, F>(model, params);
    if (context != nullptr && model != nullptr) {
      char name[256];
      const auto length = llama_model_meta_val_str(model, "general.name", name, sizeof(name));
      const std::string_view gguf_name =
          length > 0 && static_cast<std::size_t>(length) < sizeof(name)
              ? std::string_view(name, static_cast<std::size_t>(length))
              : std::string_view();
      llama_cpp::context_created(context, model, gguf_name, llama_get_memory(context),
                                 params.embeddings, llama_model_n_embd(model));
    }
    return context;
  }
};

template <>
struct Adapter<tags::llama_cpp_free> {
  template <class R, class Fn, Fn F, class Context>
  static R call(Context context) {
    llama_cpp::context_freed(context);
    return plain_call<R, Fn, F>(context);
  }
};

template <>
struct Adapter<tags::llama_cpp_memory_clear> {
  template <class R, class Fn, Fn F, class Memory, class Data>
  static R call(Memory memory, Data data) {
    llama_cpp::memory_cleared(memory);
    return plain_call<R, Fn, F>(memory, data);
  }
};

template <>
struct Adapter<tags::llama_cpp_set_embeddings> {
  template <class R, class Fn, Fn F, class Context, class On>
  static R call(Context context, On on) {
    plain_call<R, Fn, F>(context, on);
    llama_cpp::embeddings_set(context, on);
  }
};

template <>
struct Adapter<tags::llama_cpp_chat_template> {
  template <class R, class Fn, Fn F, class Template, class Messages, class Count, class AddAssistant,
            class Buffer, class Length>
  static R call(Template tmpl, Messages messages, Count count, AddAssistant add_assistant,
                Buffer buffer, Length length) {
    R written = plain_call<R, Fn, F>(tmpl, messages, count, add_assistant, buffer, length);
    if (written >= 0 && llama_cpp::on() && tracing_enabled() && messages != nullptr) {
      try {
        std::vector<llama_cpp::ChatMessageText> texts;
        texts.reserve(count);
        for (std::size_t i = 0; i < count; ++i)
          texts.push_back({llama_cpp::text_of(messages[i].role),
                           llama_cpp::text_of(messages[i].content)});
        const bool whole = buffer != nullptr && written <= length;
        llama_cpp::chat_formatted(
            texts.data(), texts.size(),
            whole ? std::string_view(buffer, static_cast<std::size_t>(written)) : std::string_view());
      } catch (...) {  // out of memory: this chat is not seen
      }
    }
    return written;
  }
};

template <>
struct Adapter<tags::llama_cpp_tokenize> {
  template <class R, class Fn, Fn F, class Vocab, class Text, class TextLength, class Tokens,
            class MaxTokens, class AddSpecial, class ParseSpecial>
  static R call(Vocab vocab, Text text, TextLength text_length, Tokens tokens, MaxTokens max_tokens,
                AddSpecial add_special, ParseSpecial parse_special) {
    R count = plain_call<R, Fn, F>(vocab, text, text_length, tokens, max_tokens, add_special,
                                   parse_special);
    if (count > 0 && tokens != nullptr && text != nullptr && text_length >= 0 &&
        llama_cpp::on() && tracing_enabled())
      llama_cpp::tokenized(std::string_view(text, static_cast<std::size_t>(text_length)), tokens,
                           count);
    return count;
  }
};

template <>
struct Adapter<tags::llama_cpp_decode> {
  template <class R, class Fn, Fn F, class Context, class Batch>
  static R call(Context context, Batch batch) {
    if (!llama_cpp::on()) return plain_call<R, Fn, F>(context, batch);
    llama_cpp::decode_begin(context, batch.token, batch.n_tokens);
    R result = plain_call<R, Fn, F>(context, batch);
    llama_cpp::decode_end(context, result);
    return result;
  }
};

template <>
struct Adapter<tags::llama_cpp_sample> {
  template <class R, class Fn, Fn F, class Sampler, class Context, class Index>
  static R call(Sampler sampler, Context context, Index index) {
    R token = plain_call<R, Fn, F>(sampler, context, index);
    if (llama_cpp::on()) llama_cpp::sampled(sampler, context, token);
    return token;
  }
};

template <>
struct Adapter<tags::llama_cpp_is_eog> {
  template <class R, class Fn, Fn F, class Vocab, class Token>
  static R call(Vocab vocab, Token token) {
    R eog = plain_call<R, Fn, F>(vocab, token);
    if (llama_cpp::on()) llama_cpp::eog_checked(token, eog);
    return eog;
  }
};

template <>
struct Adapter<tags::llama_cpp_token_to_piece> {
  template <class R, class Fn, Fn F, class Vocab, class Token, class Buffer, class Length,
            class Lstrip, class Special>
  static R call(Vocab vocab, Token token, Buffer buffer, Length length, Lstrip lstrip,
                Special special) {
    R written = plain_call<R, Fn, F>(vocab, token, buffer, length, lstrip, special);
    if (written >= 0 && written <= length && buffer != nullptr && llama_cpp::on())
      llama_cpp::piece(token, std::string_view(buffer, static_cast<std::size_t>(written)));
    return written;
  }
};

template <>
struct Adapter<tags::llama_cpp_get_embeddings> {
  template <class R, class Fn, Fn F, class Context, class... Which>
  static R call(Context context, Which... which) {
    R values = plain_call<R, Fn, F>(context, which...);
    if (values != nullptr && llama_cpp::on()) llama_cpp::embeddings_read(context, values);
    return values;
  }
};

template <>
struct Adapter<tags::llama_cpp_sampler_chain_init> {
  template <class R, class Fn, Fn F, class Params>
  static R call(Params params) {
    R chain = plain_call<R, Fn, F>(params);
    if (chain != nullptr) llama_cpp::sampler_made(chain, "chain", std::nan(""));
    return chain;
  }
};

template <>
struct Adapter<tags::llama_cpp_sampler_chain_add> {
  template <class R, class Fn, Fn F, class Chain, class Sampler>
  static R call(Chain chain, Sampler sampler) {
    plain_call<R, Fn, F>(chain, sampler);
    llama_cpp::sampler_added(chain, sampler);
  }
};

namespace llama_cpp {
// llama_sampler_init_<kind>(value, ...): the first argument is the setting that is recorded.
template <class R, class Fn, Fn F, class... A>
inline R made(std::string_view kind, A... args) {
  R sampler = plain_call<R, Fn, F>(args...);
  if (sampler != nullptr) {
    double value = std::nan("");
    if constexpr (sizeof...(A) > 0) {
      const double values[] = {static_cast<double>(args)...};
      value = values[0];
    }
    sampler_made(sampler, kind, value);
  }
  return sampler;
}
}  // namespace llama_cpp

#define MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER(TAG, KIND)                 \
  template <>                                                       \
  struct Adapter<tags::TAG> {                                       \
    template <class R, class Fn, Fn F, class... A>                  \
    static R call(A... args) {                                      \
      return llama_cpp::made<R, Fn, F>(KIND, args...);              \
    }                                                               \
  };
MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER(llama_cpp_sampler_greedy, "greedy")
MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER(llama_cpp_sampler_dist, "dist")
MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER(llama_cpp_sampler_temp, "temp")
MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER(llama_cpp_sampler_top_k, "top_k")
MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER(llama_cpp_sampler_top_p, "top_p")
MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER(llama_cpp_sampler_min_p, "min_p")
#undef MLFLOW_LLAMA_CPP_SAMPLER_ADAPTER

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_LLAMA_CPP_H
