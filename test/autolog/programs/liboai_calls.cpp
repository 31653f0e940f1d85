// Calls an OpenAI-compatible server through D7EAD/liboai (here its test double,
// test/autolog/sdk/liboai, a library compiled without the plugin), as a program that knows
// nothing of autolog would.
//
//   liboai_calls <base-url> <mode>...
//
// Modes, run in order, each printing what the call gave the program: a Response's content, the
// conversation's last reply, a stream's pieces, or "exception: <what()>".
//   chat, completion, embedding   ChatCompletion->create, Completion->create, Embedding->create
//   stream                        a streamed chat, the callback appending to the conversation
//   cancel                        a streamed chat whose callback stops after the first piece
//   async                         create_async, an embedding made while it runs, then get()
//   async-error                   create_async with model "missing-model", then get()
//   error                         a chat with model "missing-model"
//   agent                         create_async + get inside the program's own traced function
#include "liboai.h"

#include <mlflow/trace.h>

#include <iostream>
#include <optional>
#include <string>

namespace {

std::unique_ptr<liboai::OpenAI> oai;

liboai::Response chat(const std::string& model, liboai::Conversation& convo) {
  return oai->ChatCompletion->create(model, convo, std::nullopt, std::nullopt, std::nullopt,
                                     std::nullopt, std::nullopt, std::nullopt, 8);
}

liboai::Conversation hello() { return liboai::Conversation("You are terse.", "Say hi"); }

MLFLOW_TRACE(AGENT) std::string ask(const std::string& question) {
  liboai::Conversation convo("You are terse.", question);
  liboai::FutureResponse pending = oai->ChatCompletion->create_async(
      "tiny-chat", convo, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
      std::nullopt, 8);
  liboai::Response response = pending.get();
  (void)convo.Update(response);
  return convo.GetLastResponse();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " <base-url> <mode>...\n";
    return 2;
  }
  oai = std::make_unique<liboai::OpenAI>(std::string(argv[1]) + "/v1");
  if (!oai->auth.SetKey("sk-liboai-SECRET-0004")) return 2;
  int failures = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string mode = argv[i];
    try {
      if (mode == "chat") {
        liboai::Conversation convo = hello();
        liboai::Response response = chat("tiny-chat", convo);
        std::cout << response.content << "\n";
        (void)convo.Update(response);
        std::cout << "reply: " << convo.GetLastResponse() << "\n";
      } else if (mode == "completion") {
        liboai::Response response =
            oai->Completion->create("tiny-complete", "Once upon", std::nullopt, 6);
        std::cout << response.content << "\n";
      } else if (mode == "embedding") {
        liboai::Response response = oai->Embedding->create("tiny-embed", "hello");
        std::cout << response.content << "\n";
      } else if (mode == "stream" || mode == "cancel") {
        const bool stop = mode == "cancel";
        liboai::Conversation convo = hello();
        int pieces = 0;
        liboai::Response response = oai->ChatCompletion->create(
            "tiny-chat", convo, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
            [&pieces, stop](std::string data, intptr_t, liboai::Conversation& c) {
              ++pieces;
              (void)c.AppendStreamData(data);
              return !(stop && pieces == 1);
            },
            std::nullopt, 8);
        std::cout << "status " << response.status_code << " content '" << response.content
                  << "'\nreply: " << convo.GetLastResponse() << "\n";
      } else if (mode == "async") {
        liboai::Conversation convo = hello();
        liboai::FutureResponse pending = oai->ChatCompletion->create_async(
            "tiny-chat", convo, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
            std::nullopt, std::nullopt, 8);
        liboai::Response embedded = oai->Embedding->create("tiny-embed", "meanwhile");
        std::cout << "embedding status " << embedded.status_code << "\n";
        liboai::Response response = pending.get();
        std::cout << response.content << "\n";
      } else if (mode == "async-error") {
        liboai::Conversation convo = hello();
        liboai::FutureResponse pending = oai->ChatCompletion->create_async("missing-model", convo);
        liboai::Response response = pending.get();
        std::cout << response.content << "\n";
      } else if (mode == "error") {
        liboai::Conversation convo = hello();
        std::cout << chat("missing-model", convo).content << "\n";
      } else if (mode == "agent") {
        std::cout << ask("Say hello") << "\n";
      } else {
        std::cerr << "unknown mode " << mode << "\n";
        return 2;
      }
    } catch (const std::exception& e) {
      std::cout << "exception: " << e.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
