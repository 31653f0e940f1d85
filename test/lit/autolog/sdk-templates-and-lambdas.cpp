// SDK calls in a function template (each instantiation), a lambda and a generic lambda are
// redirected, as the HTTP clients' are.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include <ollama.hpp>
#include <openai/openai.hpp>

template <class Category>
openai::Json ask(Category& category, const openai::Json& request) {
  return category.create(request);
}

void calls(openai::OpenAI& instance, const openai::Json& request) {
  ask(instance.chat, request);
  ask(instance.embedding, request);
  auto lambda = [&] { return ollama::generate("m", "prompt"); };
  auto generic = [](auto& server, auto& r) { return server.chat(r); };
  lambda();
  ollama::request r;
  Ollama server("http://localhost:11434");
  generic(server, r);
}
// CHECK-NOT: error
// CHECK-DAG: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryChat::create at sdk-templates-and-lambdas.cpp:9
// CHECK-DAG: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryEmbedding::create at sdk-templates-and-lambdas.cpp:9
// CHECK-DAG: mlflow plugin: autolog ollama-hpp: ollama::generate at sdk-templates-and-lambdas.cpp:15
// CHECK-DAG: mlflow plugin: autolog ollama-hpp: Ollama::chat at sdk-templates-and-lambdas.cpp:16
