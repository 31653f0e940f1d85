// local_model.h: a language model run in process with llama.cpp's C API (llama.h), one
// inference thread, greedy decoding. No tracing code: programs compiled with the mlflow-cpp
// Clang plugin get their llama.cpp calls autologged at the call sites in local_model.cpp.
//
//   llama_agent::LocalModel model("SmolLM2-135M-Instruct.Q4_1.gguf");
//   llama_agent::Reply reply = model.chat({{"user", "What is the capital of France?"}});
//   // reply.text: "The capital of France is Paris."
//
// The calls are those of llama.cpp's own examples/simple-chat/simple-chat.cpp (the chat template
// from the model, llama_tokenize, llama_batch_get_one, llama_decode, llama_sampler_sample,
// llama_vocab_is_eog, llama_token_to_piece), with a greedy sampler chain instead of a random one.
#pragma once

#include <string>
#include <vector>

struct llama_model;
struct llama_context;
struct llama_sampler;

namespace llama_agent {

struct Message {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct Reply {
  std::string text;           // the generated text (without the end-of-generation token)
  int prompt_tokens = 0;      // tokens of the prompt the model evaluated
  int completion_tokens = 0;  // tokens sampled (the end-of-generation token is not counted)
  std::string finish_reason;  // "stop" (end of generation) or "length" (max_tokens, or context full)
  double first_token_ms = 0;  // from the call to the first sampled token (prompt evaluation)
  double total_ms = 0;        // the whole call
};

struct Options {
  // Where ggml's CPU backends (libggml-cpu-*.so) are; llama.cpp loads them with
  // ggml_backend_load_all_from_path() before the first model. Empty: the folder libllama itself
  // was loaded from (node-llama-cpp ships them beside it, and tools/setup.sh links them there).
  std::string backends_dir;
  int threads = 1;     // n_threads and n_threads_batch: ggml's threads spin-wait, keep 1 on a small machine
  int n_ctx = 2048;    // context size (tokens); also the batch size, as in simple-chat
  int max_tokens = 256;  // default limit of generated tokens per call
  // A chat template for models whose GGUF has none (a name llama_chat_apply_template knows,
  // e.g. "chatml"). Empty: the model's own template, and an error if it has none (llama.cpp
  // would otherwise format the chat as ChatML without a word).
  std::string chat_template;
};

class LocalModel {
 public:
  // Loads the GGUF at `path` and makes a context. Throws std::runtime_error on failure.
  explicit LocalModel(const std::string& path, Options options = {});
  ~LocalModel();
  LocalModel(const LocalModel&) = delete;
  LocalModel& operator=(const LocalModel&) = delete;

  // A reply to `messages` with the model's chat template; a fresh conversation each call (the
  // context's memory is cleared first). max_tokens < 0: Options::max_tokens.
  Reply chat(const std::vector<Message>& messages, int max_tokens = -1);
  // The continuation of a raw prompt (no chat template); the memory is cleared first too.
  Reply complete(const std::string& prompt, int max_tokens = -1);

  // The model's name from its GGUF metadata (general.name), else the file name.
  const std::string& name() const { return name_; }
  double load_ms() const { return load_ms_; }  // model load and context creation

 private:
  Reply generate(const std::string& prompt, int max_tokens);

  Options options_;
  std::string name_;
  double load_ms_ = 0;
  llama_model* model_ = nullptr;
  llama_context* ctx_ = nullptr;
  llama_sampler* smpl_ = nullptr;
};

}  // namespace llama_agent
