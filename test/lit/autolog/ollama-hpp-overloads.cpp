// ollama-hpp: every overload of the free functions and of the global class Ollama's members
// (non-streaming ones returning ollama::response, streaming ones taking a callback and returning
// bool), through an object, a pointer and a reference. The free functions' forwarding calls to
// the singleton, inside ollama.hpp, are not redirected.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include <ollama.hpp>

bool on_piece(const ollama::response&);

void calls(Ollama& server, Ollama* pointer, ollama::request& request, ollama::response& context,
           const ollama::messages& messages) {
  ollama::chat("m", messages);
  ollama::chat("m", messages, on_piece);
  ollama::generate("m", "prompt");
  ollama::generate_embeddings("m", "text");
  server.chat(request);
  server.chat(request, on_piece);
  pointer->chat("m", messages, ollama::json::object(), "json", "1m");
  pointer->generate("m", "prompt", context, on_piece);
  server.generate("m", "prompt", context);
  server.generate(request, [](const ollama::response&) { return true; });
  Ollama& reference = *pointer;
  reference.generate_embeddings(request);
}
// CHECK-NOT: ollama.hpp:
// CHECK-NOT: warning
// CHECK-NOT: error
// CHECK: mlflow plugin: autolog ollama-hpp: ollama::chat at ollama-hpp-overloads.cpp:12
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: ollama::chat at ollama-hpp-overloads.cpp:13
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: ollama::generate at ollama-hpp-overloads.cpp:14
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: ollama::generate_embeddings at ollama-hpp-overloads.cpp:15
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: Ollama::chat at ollama-hpp-overloads.cpp:16
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: Ollama::chat at ollama-hpp-overloads.cpp:17
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: Ollama::chat at ollama-hpp-overloads.cpp:18
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: Ollama::generate at ollama-hpp-overloads.cpp:19
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: Ollama::generate at ollama-hpp-overloads.cpp:20
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: Ollama::generate at ollama-hpp-overloads.cpp:21
// CHECK-NEXT: mlflow plugin: autolog ollama-hpp: Ollama::generate_embeddings at ollama-hpp-overloads.cpp:23
// CHECK-NOT: mlflow plugin
