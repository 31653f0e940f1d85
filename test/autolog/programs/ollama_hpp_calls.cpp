// Calls an Ollama server through jmont-dev/ollama-hpp (here its test double,
// test/autolog/sdk/ollama-hpp), as a program that knows nothing of autolog would.
//
//   ollama_hpp_calls <base-url> <mode>...
//
// Each mode is one call (two for "member"), printing what it returned: a response's JSON text,
// a streaming call's pieces (each chunk's text, then "|") and its bool, or
// "exception: <what()>".
//   chat, generate, embed          the free functions (ollama::chat, ...)
//   stream-chat, stream-generate   the streaming overloads, the callback printing each piece
//   cancel                         a streamed chat whose callback says stop after two pieces
//   member                         an Ollama object's chat and generate, through a pointer and
//                                  a reference
//   request                        ollama::chat(ollama::request&) with the program's request
//                                  (and its "stream" flag afterwards: the SDK sets it)
//   error, stream-error            a chat with model "missing-model" (plain, streamed)
//   stream-generate-error          a streamed generation with "missing-model"
//   callback-throws                a streamed chat whose callback throws
//   agent                          a chat inside the program's own traced function (C++17)
#include <ollama.hpp>

// ollama-hpp builds with -std=c++11; mlflow-cpp's headers need C++17 (the test builds this
// program in both).
#if __cplusplus >= 201703L
#include <mlflow/trace.h>
#else
#define MLFLOW_TRACE(...)
#endif

#include <iostream>
#include <stdexcept>
#include <string>

namespace {

ollama::options small() {
  ollama::options options;
  options["num_predict"] = 8;
  return options;
}

ollama::messages hello() {
  return ollama::messages{ollama::message("system", "You are terse."),
                          ollama::message("user", "Say hi")};
}

bool print_piece(const ollama::response& piece) {
  std::cout << piece.as_simple_string() << "|";
  return true;
}

MLFLOW_TRACE(AGENT) std::string ask(const std::string& question) {
  ollama::response reply =
      ollama::chat("tiny-llama", ollama::messages{ollama::message("user", question)}, small());
  return reply.as_simple_string();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " <base-url> <mode>...\n";
    return 2;
  }
  ollama::setServerURL(argv[1]);
  int failures = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string mode = argv[i];
    try {
      if (mode == "chat") {
        std::cout << ollama::chat("tiny-llama", hello(), small()).as_json_string() << "\n";
      } else if (mode == "generate") {
        std::cout << ollama::generate("tiny-llama", "Once upon", small()).as_json_string() << "\n";
      } else if (mode == "embed") {
        std::cout << ollama::generate_embeddings("tiny-embed", "hello").as_json_string() << "\n";
      } else if (mode == "stream-chat") {
        bool done = ollama::chat("tiny-llama", hello(), print_piece, small());
        std::cout << "\nreturned " << done << "\n";
      } else if (mode == "stream-generate") {
        bool done = ollama::generate("tiny-llama", "Once upon", print_piece, small());
        std::cout << "\nreturned " << done << "\n";
      } else if (mode == "cancel") {
        int pieces = 0;
        bool done = ollama::chat(
            "tiny-llama", hello(),
            [&pieces](const ollama::response& piece) {
              std::cout << piece.as_simple_string() << "|";
              return ++pieces < 2;
            },
            small());
        std::cout << "\nreturned " << done << " after " << pieces << "\n";
      } else if (mode == "member") {
        Ollama server(argv[1]);
        Ollama* pointer = &server;
        Ollama& reference = server;
        // Ollama::chat takes its options as a json by value: an ollama::options (a class derived
        // from json) would go through nlohmann's converting constructor as a string and throw, so
        // the program passes the json itself.
        const ollama::options options = small();
        std::cout << pointer->chat("tiny-llama", hello(), static_cast<const ollama::json&>(options))
                         .as_json_string()
                  << "\n";
        bool done = reference.generate("tiny-llama", "Once upon", print_piece, small());
        std::cout << "\nreturned " << done << "\n";
      } else if (mode == "request") {
        ollama::request request("tiny-llama", hello(), small(), true);
        std::cout << ollama::chat(request).as_json_string() << "\n";
        std::cout << "stream=" << request["stream"].dump() << "\n";
      } else if (mode == "error") {
        std::cout << ollama::chat("missing-model", hello(), small()).as_json_string() << "\n";
      } else if (mode == "stream-error") {
        bool done = ollama::chat("missing-model", hello(), print_piece, small());
        std::cout << "\nreturned " << done << "\n";
      } else if (mode == "stream-generate-error") {
        bool done = ollama::generate(
            "missing-model", "Once upon",
            [](const ollama::response& piece) {
              std::cout << piece.as_json_string() << "|";
              return true;
            },
            small());
        std::cout << "\nreturned " << done << "\n";
      } else if (mode == "callback-throws") {
        ollama::chat(
            "tiny-llama", hello(),
            [](const ollama::response&) -> bool { throw std::runtime_error("the program stops"); },
            small());
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
