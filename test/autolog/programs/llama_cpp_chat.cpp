// llama.cpp's own examples/simple-chat/simple-chat.cpp, in its call shape (v0.4.0): the model's
// chat template applied to the whole conversation, only the new part of the formatted text
// tokenized (the context keeps the earlier turns), decode, sample, end-of-generation test, piece,
// decode the sampled token. No tracing code in the calls: compiled with the plugin, they are
// autologged (docs/autolog.md#llama-cpp).
//
//   llama_cpp_chat <model.gguf> <backends dir> [options] <user turn>...
//
//   --max-tokens N   after N tokens, the next one is sampled by a second sampler that only allows
//                    the end-of-turn token: every reply ends at an end of generation (default 8)
//   --stop-early N   the program stops reading after N tokens instead, without an end of
//                    generation (the next turn's prompt, or the end, ends the generation)
//   --sampler S      greedy (default) or random: min_p, top_k, top_p, temp and a seeded dist
//   --clear          the context's memory is cleared before each turn (a fresh conversation,
//                    with all the messages formatted again: no suffix)
//   --end E          free (default: sampler, context, model), exit (std::exit, nothing freed)
//   --in-span        the turns run inside the program's own span ("conversation", AGENT)
//   --in-function    each turn runs inside a traced function (MLFLOW_TRACE(AGENT) answer)
//
// Prints each reply on its own line, "<turn>: <reply>" (bytes outside printable ASCII escaped),
// then its prompt's token count, the tokens it read and whether it ended at an end of generation.
#include "llama.h"

#include <mlflow/trace.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "escaped_text.h"

namespace {

struct Options {
  int max_tokens = 8;
  int stop_early = -1;
  bool random = false;
  bool clear = false;
  bool exit_at_end = false;
  bool in_span = false;
  bool in_function = false;
};

struct Model {
  llama_model* model = nullptr;
  const llama_vocab* vocab = nullptr;
  llama_context* ctx = nullptr;
  llama_sampler* smpl = nullptr;
  llama_sampler* finisher = nullptr;  // only the end-of-turn token can be sampled
};

struct Reply {
  std::string text;
  int prompt_tokens = 0;
  int tokens = 0;
  bool eog = false;
};

Reply generate(Model& m, const Options& options, const std::string& prompt) {
  Reply reply;
  const bool is_first = llama_memory_seq_pos_max(llama_get_memory(m.ctx), 0) == -1;
  const int n_prompt_tokens = -llama_tokenize(m.vocab, prompt.c_str(), prompt.size(), NULL, 0, is_first, true);
  std::vector<llama_token> prompt_tokens(n_prompt_tokens);
  if (llama_tokenize(m.vocab, prompt.c_str(), prompt.size(), prompt_tokens.data(), prompt_tokens.size(), is_first,
                     true) < 0) {
    std::fprintf(stderr, "failed to tokenize the prompt\n");
    std::exit(1);
  }
  reply.prompt_tokens = n_prompt_tokens;
  llama_batch batch = llama_batch_get_one(prompt_tokens.data(), prompt_tokens.size());
  llama_token new_token_id;
  while (true) {
    const int n_ctx = llama_n_ctx(m.ctx);
    const int n_ctx_used = llama_memory_seq_pos_max(llama_get_memory(m.ctx), 0) + 1;
    if (n_ctx_used + batch.n_tokens > n_ctx) {
      std::fprintf(stderr, "context size exceeded\n");
      std::exit(0);
    }
    if (llama_decode(m.ctx, batch) != 0) {
      std::fprintf(stderr, "failed to decode\n");
      std::exit(1);
    }
    if (options.stop_early >= 0 && reply.tokens >= options.stop_early) break;
    new_token_id = llama_sampler_sample(reply.tokens < options.max_tokens ? m.smpl : m.finisher, m.ctx, -1);
    if (llama_vocab_is_eog(m.vocab, new_token_id)) {
      reply.eog = true;
      break;
    }
    char buf[256];
    const int n = llama_token_to_piece(m.vocab, new_token_id, buf, sizeof(buf), 0, true);
    if (n < 0) {
      std::fprintf(stderr, "failed to convert token to piece\n");
      std::exit(1);
    }
    reply.text.append(buf, n);
    ++reply.tokens;
    batch = llama_batch_get_one(&new_token_id, 1);
  }
  return reply;
}

struct Conversation {
  Model& m;
  const Options& options;
  std::vector<llama_chat_message> messages;
  std::vector<char> formatted;
  int prev_len = 0;

  // One turn of simple-chat's loop.
  Reply turn(const std::string& user) {
    const char* tmpl = llama_model_chat_template(m.model, /* name */ nullptr);
    if (options.clear) {
      llama_memory_clear(llama_get_memory(m.ctx), true);
      prev_len = 0;
    }
    messages.push_back({"user", strdup(user.c_str())});
    int new_len = llama_chat_apply_template(tmpl, messages.data(), messages.size(), true, formatted.data(),
                                            formatted.size());
    if (new_len > static_cast<int>(formatted.size())) {
      formatted.resize(new_len);
      new_len = llama_chat_apply_template(tmpl, messages.data(), messages.size(), true, formatted.data(),
                                          formatted.size());
    }
    if (new_len < 0) {
      std::fprintf(stderr, "failed to apply the chat template\n");
      std::exit(1);
    }
    // the new part of the formatted text only: the context has the rest
    std::string prompt(formatted.begin() + prev_len, formatted.begin() + new_len);
    Reply reply = generate(m, options, prompt);
    messages.push_back({"assistant", strdup(reply.text.c_str())});
    prev_len = llama_chat_apply_template(tmpl, messages.data(), messages.size(), false, nullptr, 0);
    if (prev_len < 0) {
      std::fprintf(stderr, "failed to apply the chat template\n");
      std::exit(1);
    }
    return reply;
  }
};

MLFLOW_TRACE(AGENT) Reply answer(Conversation& conversation, const std::string& user) {
  return conversation.turn(user);
}

void print(int index, const Reply& reply) {
  std::printf("%d: %s\n%d %d %s\n", index, escaped(reply.text).c_str(), reply.prompt_tokens, reply.tokens,
              reply.eog ? "eog" : "no-eog");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s model.gguf backends_dir [options] turn...\n", argv[0]);
    return 2;
  }
  Options options;
  std::vector<std::string> turns;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--max-tokens" && i + 1 < argc) {
      options.max_tokens = std::atoi(argv[++i]);
    } else if (arg == "--stop-early" && i + 1 < argc) {
      options.stop_early = std::atoi(argv[++i]);
    } else if (arg == "--sampler" && i + 1 < argc) {
      options.random = std::strcmp(argv[++i], "random") == 0;
    } else if (arg == "--clear") {
      options.clear = true;
    } else if (arg == "--end" && i + 1 < argc) {
      options.exit_at_end = std::strcmp(argv[++i], "exit") == 0;
    } else if (arg == "--in-span") {
      options.in_span = true;
    } else if (arg == "--in-function") {
      options.in_function = true;
    } else {
      turns.push_back(arg);
    }
  }

  llama_log_set([](enum ggml_log_level level, const char* text, void*) {
    if (level == GGML_LOG_LEVEL_ERROR) std::fprintf(stderr, "%s", text);
  }, nullptr);
  ggml_backend_load_all_from_path(argv[2]);

  Model m;
  llama_model_params model_params = llama_model_default_params();
  model_params.n_gpu_layers = 0;
  m.model = llama_model_load_from_file(argv[1], model_params);
  if (!m.model) {
    std::fprintf(stderr, "unable to load model\n");
    return 1;
  }
  m.vocab = llama_model_get_vocab(m.model);

  llama_context_params ctx_params = llama_context_default_params();
  ctx_params.n_ctx = 2048;
  ctx_params.n_batch = 2048;
  ctx_params.n_threads = 1;
  ctx_params.n_threads_batch = 1;
  m.ctx = llama_init_from_model(m.model, ctx_params);
  if (!m.ctx) {
    std::fprintf(stderr, "failed to create the llama_context\n");
    return 1;
  }

  m.smpl = llama_sampler_chain_init(llama_sampler_chain_default_params());
  if (options.random) {
    llama_sampler_chain_add(m.smpl, llama_sampler_init_min_p(0.05f, 1));
    llama_sampler_chain_add(m.smpl, llama_sampler_init_top_k(40));
    llama_sampler_chain_add(m.smpl, llama_sampler_init_top_p(0.9f, 1));
    llama_sampler_chain_add(m.smpl, llama_sampler_init_temp(0.8f));
    llama_sampler_chain_add(m.smpl, llama_sampler_init_dist(1234));
  } else {
    llama_sampler_chain_add(m.smpl, llama_sampler_init_greedy());
  }
  llama_token end_of_turn = llama_vocab_eot(m.vocab);
  if (end_of_turn == LLAMA_TOKEN_NULL) end_of_turn = llama_vocab_eos(m.vocab);
  const llama_logit_bias only_end = {end_of_turn, 1e9f};
  m.finisher = llama_sampler_chain_init(llama_sampler_chain_default_params());
  llama_sampler_chain_add(m.finisher,
                          llama_sampler_init_logit_bias(llama_vocab_n_tokens(m.vocab), 1, &only_end));
  llama_sampler_chain_add(m.finisher, llama_sampler_init_greedy());

  Conversation conversation{m, options, {}, std::vector<char>(llama_n_ctx(m.ctx))};
  {
    mlflow::Span span;
    if (options.in_span) span = mlflow::start_span("conversation", mlflow::SpanType::AGENT);
    for (std::size_t i = 0; i < turns.size(); ++i)
      print(static_cast<int>(i) + 1,
            options.in_function ? answer(conversation, turns[i]) : conversation.turn(turns[i]));
    if (options.exit_at_end) std::exit(0);  // nothing freed, the span left open
  }

  for (auto& message : conversation.messages) std::free(const_cast<char*>(message.content));
  llama_sampler_free(m.finisher);
  llama_sampler_free(m.smpl);
  llama_free(m.ctx);
  llama_model_free(m.model);
  return 0;
}
