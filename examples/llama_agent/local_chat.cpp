// local_chat: asks a GGUF model one question, in process, with local_model.{h,cpp}.
//
//   local_chat --model M.gguf [--system TEXT] [--max-tokens N] [--raw] [--json]
//              [--backends DIR] [--threads N] [--repeat N] PROMPT
//
// Prints the reply's text (--json: one JSON object with the text, the token counts, the finish
// reason, the model's name and the timings). --raw: PROMPT is continued as is, without the chat
// template. --repeat N: asks N times (same context), prints the last reply; every reply must be
// the same text (greedy decoding), else exit status 3.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "local_model.h"

namespace {

int usage(const char* argv0) {
  fprintf(stderr,
          "usage: %s --model M.gguf [--system TEXT] [--max-tokens N] [--raw] [--json] [--backends DIR]"
          " [--threads N] [--repeat N] PROMPT\n",
          argv0);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path, system_prompt, prompt;
  llama_agent::Options options;
  bool raw = false, json = false;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!strcmp(argv[i], "--model") && has_value) {
      model_path = argv[++i];
    } else if (!strcmp(argv[i], "--system") && has_value) {
      system_prompt = argv[++i];
    } else if (!strcmp(argv[i], "--max-tokens") && has_value) {
      options.max_tokens = std::atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--backends") && has_value) {
      options.backends_dir = argv[++i];
    } else if (!strcmp(argv[i], "--threads") && has_value) {
      options.threads = std::atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--repeat") && has_value) {
      repeat = std::atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--raw")) {
      raw = true;
    } else if (!strcmp(argv[i], "--json")) {
      json = true;
    } else if (argv[i][0] != '-' && prompt.empty()) {
      prompt = argv[i];
    } else {
      return usage(argv[0]);
    }
  }
  if (model_path.empty() || prompt.empty() || repeat < 1 || options.threads < 1) {
    return usage(argv[0]);
  }

  try {
    llama_agent::LocalModel model(model_path, options);
    llama_agent::Reply reply, first;
    for (int i = 0; i < repeat; ++i) {
      if (raw) {
        reply = model.complete(prompt);
      } else if (system_prompt.empty()) {
        reply = model.chat({{"user", prompt}});
      } else {
        reply = model.chat({{"system", system_prompt}, {"user", prompt}});
      }
      if (i == 0) {
        first = reply;
      } else if (reply.text != first.text || reply.completion_tokens != first.completion_tokens) {
        fprintf(stderr, "local_chat: reply %d differs from the first one\n", i + 1);
        return 3;
      }
    }
    if (json) {
      // Decode speed after the first token (the prompt's evaluation is in first_token_ms).
      const double decode_ms = reply.total_ms - reply.first_token_ms;
      const double tokens_per_second =
          reply.completion_tokens > 1 && decode_ms > 0 ? (reply.completion_tokens - 1) * 1000.0 / decode_ms : 0.0;
      nlohmann::json out = {{"text", reply.text},
                            {"prompt_tokens", reply.prompt_tokens},
                            {"completion_tokens", reply.completion_tokens},
                            {"finish_reason", reply.finish_reason},
                            {"model", model.name()},
                            {"threads", options.threads},
                            {"load_ms", model.load_ms()},
                            {"first_token_ms", reply.first_token_ms},
                            {"total_ms", reply.total_ms},
                            {"tokens_per_second", tokens_per_second}};
      printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      printf("%s\n", reply.text.c_str());
    }
  } catch (const std::exception& e) {
    fprintf(stderr, "local_chat: %s\n", e.what());
    return 1;
  }
  return 0;
}
