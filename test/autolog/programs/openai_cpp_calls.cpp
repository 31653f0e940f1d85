// Calls an OpenAI-compatible server through olrea/openai-cpp (here its test double,
// test/autolog/sdk/openai-cpp), as a program that knows nothing of autolog would.
//
//   openai_cpp_calls <base-url> <mode>...
//
// Modes, each one call (or two), run in order, each printing the Json the call returned (dumped)
// or "exception: <what()>":
//   chat, completion, embedding   openai::chat().create(...) etc. on the singleton
//   error                         a chat with model "missing-model" (the server's 404)
//   nothrow-error                 the same on an instance with exceptions off
//   instance                      an OpenAI instance's categories through a pointer and a reference
//   agent                         a chat inside the program's own traced function (MLFLOW_TRACE)
#include <openai/openai.hpp>

#include <mlflow/trace.h>

#include <iostream>
#include <stdexcept>
#include <string>

namespace {

const char* const kKey = "sk-openai-cpp-SECRET-0003";

openai::Json chat_request(const std::string& model) {
  return {{"model", model},
          {"messages", {{{"role", "system"}, {"content", "You are terse."}},
                        {{"role", "user"}, {"content", "Say hi"}}}},
          {"max_tokens", 8}};
}

void print(const openai::Json& response) { std::cout << response.dump() << "\n"; }

MLFLOW_TRACE(AGENT) std::string ask(const std::string& question) {
  openai::Json request = chat_request("tiny-chat");
  request["messages"][1]["content"] = question;
  openai::Json response = openai::chat().create(request);
  return response["choices"][0]["message"]["content"].get<std::string>();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " <base-url> <mode>...\n";
    return 2;
  }
  const std::string base = std::string(argv[1]) + "/v1/";
  openai::start(kKey, "", true, base);
  int failures = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string mode = argv[i];
    try {
      if (mode == "chat") {
        print(openai::chat().create(chat_request("tiny-chat")));
      } else if (mode == "completion") {
        print(openai::completion().create(
            {{"model", "tiny-complete"}, {"prompt", "Once upon"}, {"max_tokens", 6}}));
      } else if (mode == "embedding") {
        print(openai::embedding().create({{"model", "tiny-embed"}, {"input", "hello"}}));
      } else if (mode == "error") {
        print(openai::chat().create(chat_request("missing-model")));
      } else if (mode == "nothrow-error") {
        openai::OpenAI quiet{kKey, "", false, base};
        print(quiet.chat.create(chat_request("missing-model")));
      } else if (mode == "instance") {
        openai::OpenAI instance{kKey, "", true, base};
        openai::_detail::CategoryChat* chat = &instance.chat;
        openai::_detail::CategoryEmbedding& embedding = instance.embedding;
        print(chat->create(chat_request("tiny-chat")));
        print(embedding.create({{"model", "tiny-embed"}, {"input", {"a", "b"}}}));
      } else if (mode == "agent") {
        std::cout << ask("Say hello") << "\n";
      } else {
        std::cerr << "unknown mode " << mode << "\n";
        return 2;
      }
    } catch (const std::runtime_error& e) {
      std::cout << "exception: " << e.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
