// local_model.cpp: see local_model.h. The llama.cpp calls follow simple-chat.cpp of the llama.cpp
// release the project pins (examples/llama_agent/README.md).
#include "local_model.h"

#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "llama.h"

namespace llama_agent {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The folder the running libllama was loaded from.
std::string libllama_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&llama_backend_init), &info) == 0 || !info.dli_fname) {
    throw std::runtime_error("cannot tell where libllama was loaded from: set Options::backends_dir");
  }
  std::string path = info.dli_fname;
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

// Once per process: only errors on stderr (as simple-chat, but without the continuations of
// other messages, such as the dots of the model load's progress), then the backends.
void load_backends(const std::string& dir) {
  static std::once_flag once;
  std::call_once(once, [&] {
    llama_log_set(
        [](enum ggml_log_level level, const char* text, void* /* user_data */) {
          static thread_local bool printing = false;
          if (level != GGML_LOG_LEVEL_CONT) {
            printing = level >= GGML_LOG_LEVEL_ERROR;
          }
          if (printing) {
            fprintf(stderr, "%s", text);
          }
        },
        nullptr);
    ggml_backend_load_all_from_path((dir.empty() ? libllama_dir() : dir).c_str());
  });
}

}  // namespace

LocalModel::LocalModel(const std::string& path, Options options) : options_(std::move(options)) {
  const auto start = Clock::now();
  load_backends(options_.backends_dir);

  llama_model_params model_params = llama_model_default_params();
  model_params.n_gpu_layers = 0;  // CPU only
  model_ = llama_model_load_from_file(path.c_str(), model_params);
  if (!model_) {
    throw std::runtime_error("unable to load the model " + path);
  }

  char buf[256];
  if (llama_model_meta_val_str(model_, "general.name", buf, sizeof(buf)) > 0) {
    name_ = buf;
  } else {
    name_ = path.substr(path.rfind('/') + 1);
  }

  llama_context_params ctx_params = llama_context_default_params();
  ctx_params.n_ctx = options_.n_ctx;
  ctx_params.n_batch = options_.n_ctx;
  ctx_params.n_threads = options_.threads;
  ctx_params.n_threads_batch = options_.threads;
  ctx_ = llama_init_from_model(model_, ctx_params);
  if (!ctx_) {
    llama_model_free(model_);
    throw std::runtime_error("failed to create the llama_context for " + path);
  }

  // Greedy: the same prompt gives the same text.
  smpl_ = llama_sampler_chain_init(llama_sampler_chain_default_params());
  llama_sampler_chain_add(smpl_, llama_sampler_init_greedy());
  load_ms_ = ms_since(start);
}

LocalModel::~LocalModel() {
  llama_sampler_free(smpl_);
  llama_free(ctx_);
  llama_model_free(model_);
}

Reply LocalModel::chat(const std::vector<Message>& messages, int max_tokens) {
  const char* tmpl = options_.chat_template.empty() ? llama_model_chat_template(model_, /* name */ nullptr)
                                                    : options_.chat_template.c_str();
  if (!tmpl) {
    throw std::runtime_error("the model " + name_ +
                             " has no chat template (give one in Options::chat_template)");
  }

  std::vector<llama_chat_message> chat;
  chat.reserve(messages.size());
  for (const Message& m : messages) {
    chat.push_back({m.role.c_str(), m.content.c_str()});
  }
  std::vector<char> formatted(llama_n_ctx(ctx_));
  int len = llama_chat_apply_template(tmpl, chat.data(), chat.size(), true, formatted.data(), formatted.size());
  if (len > static_cast<int>(formatted.size())) {
    formatted.resize(len);
    len = llama_chat_apply_template(tmpl, chat.data(), chat.size(), true, formatted.data(), formatted.size());
  }
  if (len < 0) {
    throw std::runtime_error("failed to apply the chat template of " + name_);
  }
  return generate(std::string(formatted.begin(), formatted.begin() + len), max_tokens);
}

Reply LocalModel::complete(const std::string& prompt, int max_tokens) {
  return generate(prompt, max_tokens);
}

Reply LocalModel::generate(const std::string& prompt, int max_tokens) {
  if (max_tokens < 0) {
    max_tokens = options_.max_tokens;
  }
  const auto start = Clock::now();
  Reply reply;
  reply.finish_reason = "length";
  const llama_vocab* vocab = llama_model_get_vocab(model_);

  // A fresh conversation: the previous one's tokens leave the context.
  llama_memory_clear(llama_get_memory(ctx_), true);
  const bool is_first = llama_memory_seq_pos_max(llama_get_memory(ctx_), 0) == -1;

  // tokenize the prompt
  const int n_prompt_tokens = -llama_tokenize(vocab, prompt.c_str(), prompt.size(), NULL, 0, is_first, true);
  std::vector<llama_token> prompt_tokens(n_prompt_tokens);
  if (llama_tokenize(vocab, prompt.c_str(), prompt.size(), prompt_tokens.data(), prompt_tokens.size(), is_first,
                     true) < 0) {
    throw std::runtime_error("failed to tokenize the prompt");
  }
  reply.prompt_tokens = n_prompt_tokens;

  // prepare a batch for the prompt
  llama_batch batch = llama_batch_get_one(prompt_tokens.data(), prompt_tokens.size());
  llama_token new_token_id;
  while (reply.completion_tokens < max_tokens) {
    // check if we have enough space in the context to evaluate this batch
    const int n_ctx = llama_n_ctx(ctx_);
    const int n_ctx_used = llama_memory_seq_pos_max(llama_get_memory(ctx_), 0) + 1;
    if (n_ctx_used + batch.n_tokens > n_ctx) {
      break;  // context full: "length"
    }

    const int ret = llama_decode(ctx_, batch);
    if (ret != 0) {
      throw std::runtime_error("failed to decode, ret = " + std::to_string(ret));
    }

    // sample the next token
    new_token_id = llama_sampler_sample(smpl_, ctx_, -1);
    if (reply.completion_tokens == 0) {
      reply.first_token_ms = ms_since(start);
    }

    // is it an end of generation?
    if (llama_vocab_is_eog(vocab, new_token_id)) {
      reply.finish_reason = "stop";
      break;
    }

    // convert the token to a string and add it to the reply
    char buf[256];
    const int n = llama_token_to_piece(vocab, new_token_id, buf, sizeof(buf), 0, true);
    if (n < 0) {
      throw std::runtime_error("failed to convert token to piece");
    }
    reply.text.append(buf, n);
    ++reply.completion_tokens;

    // prepare the next batch with the sampled token
    batch = llama_batch_get_one(&new_token_id, 1);
  }
  reply.total_ms = ms_since(start);
  return reply;
}

}  // namespace llama_agent
