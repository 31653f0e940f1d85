// liboai (a compiled library: only its call sites can be traced): ChatCompletion::create and
// create_async, Completions::create, Embeddings::create and create_async, called through the
// OpenAI object's std::unique_ptr components and through a reference, with default and given
// std::optional arguments and a streaming callback.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs/liboai -c %s -o %t.o 2>&1 | FileCheck %s
#include "liboai.h"

void calls(liboai::OpenAI& oai, liboai::Conversation& convo) {
  oai.ChatCompletion->create("m", convo);
  oai.ChatCompletion->create("m", convo, std::nullopt, 0.5f, std::nullopt, std::nullopt,
                             [](std::string, intptr_t, liboai::Conversation&) { return true; });
  liboai::FutureResponse pending = oai.ChatCompletion->create_async("m", convo);
  oai.Completion->create("m", "prompt", std::nullopt, 16);
  const liboai::Embeddings& embeddings = *oai.Embedding;
  embeddings.create("m", "text");
  embeddings.create_async("m", "text").get();
}
// CHECK-NOT: warning
// CHECK-NOT: error
// CHECK: mlflow plugin: autolog liboai: liboai::ChatCompletion::create at liboai-calls-redirected.cpp:9
// CHECK-NEXT: mlflow plugin: autolog liboai: liboai::ChatCompletion::create at liboai-calls-redirected.cpp:10
// CHECK-NEXT: mlflow plugin: autolog liboai: liboai::ChatCompletion::create_async at liboai-calls-redirected.cpp:12
// CHECK-NEXT: mlflow plugin: autolog liboai: liboai::Completions::create at liboai-calls-redirected.cpp:13
// CHECK-NEXT: mlflow plugin: autolog liboai: liboai::Embeddings::create at liboai-calls-redirected.cpp:15
// CHECK-NEXT: mlflow plugin: autolog liboai: liboai::Embeddings::create_async at liboai-calls-redirected.cpp:16
// CHECK-NOT: mlflow plugin
