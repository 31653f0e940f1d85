// openai-cpp: CategoryChat, CategoryCompletion and CategoryEmbedding::create are redirected in
// both call forms (the singleton's openai::chat().create(...), an instance's inst.chat.create)
// and through a pointer or a reference to the category; the SDK's other calls are not.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include <openai/openai.hpp>

void calls(openai::OpenAI& instance, openai::Json request) {
  openai::chat().create(request);
  openai::completion().create({{"model", "m"}, {"prompt", "p"}});
  openai::embedding().create(request);
  instance.chat.create(request);
  openai::_detail::CategoryChat* pointer = &instance.chat;
  pointer->create(request);
  openai::_detail::CategoryEmbedding& reference = instance.embedding;
  reference.create(request);
  instance.model.list();
  instance.post("chat/completions", request);
}
// CHECK-NOT: warning
// CHECK-NOT: error
// CHECK: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryChat::create at openai-cpp-calls-redirected.cpp:8
// CHECK-NEXT: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryCompletion::create at openai-cpp-calls-redirected.cpp:9
// CHECK-NEXT: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryEmbedding::create at openai-cpp-calls-redirected.cpp:10
// CHECK-NEXT: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryChat::create at openai-cpp-calls-redirected.cpp:11
// CHECK-NEXT: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryChat::create at openai-cpp-calls-redirected.cpp:13
// CHECK-NEXT: mlflow plugin: autolog openai-cpp: openai::_detail::CategoryEmbedding::create at openai-cpp-calls-redirected.cpp:15
// CHECK-NOT: mlflow plugin
