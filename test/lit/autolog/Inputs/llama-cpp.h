// A stand-in for llama.cpp v0.4.0's include/llama-cpp.h: the C++ owners of llama.h's handles.
#ifndef LLAMA_CPP_H
#define LLAMA_CPP_H

#include <memory>

#include "llama.h"

struct llama_model_deleter {
  void operator()(llama_model* model) { llama_model_free(model); }
};
struct llama_context_deleter {
  void operator()(llama_context* context) { llama_free(context); }
};
typedef std::unique_ptr<llama_model, llama_model_deleter> llama_model_ptr;
typedef std::unique_ptr<llama_context, llama_context_deleter> llama_context_ptr;

#endif  // LLAMA_CPP_H
