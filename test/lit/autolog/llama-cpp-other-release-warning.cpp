// llama-cpp: a file built against another release's llama.h, where one of the callees has
// another type (here llama_model_load_from_file takes one more parameter), keeps every llama.cpp
// call as written, even those whose types did not change (llama_decode, llama_free, ...), and
// gets one warning naming the release the integration supports. It compiles, links and runs as
// without the plugin. (The functions are defined below, standing in for that release's library.)
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs/llama-other-release %s %rtlib -o %t.traced 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc -I%S/Inputs/llama-other-release %s %rtlib -o %t.traced 2>&1 | grep -c "warning:" | FileCheck --check-prefix=ONCE %s
// RUN: %clangxx -std=c++17 %rtinc -I%S/Inputs/llama-other-release %s %rtlib -o %t.plain
// RUN: %t.traced > %t.traced.out
// RUN: %t.plain > %t.plain.out
// RUN: diff %t.traced.out %t.plain.out
// RUN: FileCheck --check-prefix=OUT %s < %t.traced.out
// RUN: nm -C %t.traced | FileCheck --check-prefix=SYMBOLS %s
#include <llama.h>

#include <cstdio>

int main() {
  llama_model_params params{0};
  llama_model* model = llama_model_load_from_file("m.gguf", params, "/tmp");
  llama_token tokens[] = {1, 2, 3};
  llama_decode(nullptr, llama_batch_get_one(tokens, 3));
  for (int i = 0; i < 3; ++i) {
    llama_token token = llama_sampler_sample(nullptr, nullptr, -1);
    if (llama_vocab_is_eog(nullptr, token)) break;
    llama_decode(nullptr, llama_batch_get_one(&token, 1));
  }
  llama_free(nullptr);
  std::printf("model %p\n", static_cast<void*>(model));
  return 0;
}

// That release's library, as far as this program calls it.
static int decoded = 0;
struct llama_model* llama_model_load_from_file(const char*, struct llama_model_params, const char*) {
  return nullptr;
}
struct llama_batch llama_batch_get_one(llama_token* tokens, int32_t n_tokens) { return {n_tokens, tokens}; }
int32_t llama_decode(struct llama_context*, struct llama_batch batch) {
  decoded += batch.n_tokens;
  std::printf("decode %d\n", batch.n_tokens);
  return 0;
}
llama_token llama_sampler_sample(struct llama_sampler*, struct llama_context*, int32_t) { return 40 + decoded; }
bool llama_vocab_is_eog(const struct llama_vocab*, llama_token token) { return token == 45; }
void llama_free(struct llama_context*) { std::printf("free after %d tokens\n", decoded); }

// CHECK: llama-cpp-other-release-warning.cpp:20:24: warning: mlflow plugin: the llama-cpp calls in this file are not traced: 'llama_model_load_from_file' is declared as 'struct llama_model *(const char *, struct llama_model_params, const char *)', not as the llama-cpp integration expects ('struct llama_model *(const char *, struct llama_model_params)'); it supports llama.cpp v0.4.0 (the release node-llama-cpp@3.21.1 ships)
// CHECK: llama.h:{{[0-9]+}}:{{[0-9]+}}: note: 'llama_model_load_from_file' declared here
// CHECK-NOT: mlflow plugin
// ONCE: 1
// OUT: decode 3
// OUT-NEXT: decode 1
// OUT-NEXT: decode 1
// OUT-NEXT: free after 5 tokens
// OUT-NEXT: model (nil)
// SYMBOLS-NOT: Redirect<
