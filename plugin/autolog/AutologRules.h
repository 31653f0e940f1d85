//===- AutologRules.h - The user's own LLM wrappers, from a rules file ----===//
//
// `-fplugin-arg-mlflow-autolog-rules=<file>` names a file of rules, one per line, that make the
// user's own LLM wrappers spans as if they were annotated, without touching their source:
//
//   # comment
//   myapp::LlmClient::complete  type=CHAT_MODEL  name=llm.complete  inputs=prompt,model  usage=openai
//   myapp::embed_texts          type=EMBEDDING   inputs=texts        output=none
//
// The first word is the function's qualified name (every overload and template instantiation
// of it); then key=value settings:
//   type=    the span type (required): one of <mlflow/span_types.def>
//   name=    the span's name (default: the function's)
//   inputs=  the parameters recorded as inputs: a comma-separated list of names, `*` (all, the
//            default) or `none`
//   output=  `return` (the returned value, the default) or `none`
//   usage=   how token usage, model and message format are read from the returned value's JSON:
//            `auto` (the default: recognise an OpenAI, Anthropic, Ollama or Gemini response),
//            `openai`, `anthropic`, `ollama`, `gemini`, or `none`
// A rule applies where the function is defined, in a file compiled with the plugin and the rules:
// there the function is traced as [[mlflow::trace]] would trace it. A malformed file is an error
// pointing at its line and column; the compilation stops there.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_AUTOLOGRULES_H
#define MLFLOW_PLUGIN_AUTOLOG_AUTOLOGRULES_H

#include "attribute/TraceRequest.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace clang {
class CompilerInstance;
class FunctionDecl;
} // namespace clang

namespace mlflow::plugin {

class AutologRules {
public:
  // Reads and checks the rules file; reports every malformed line as an error (at the file's
  // line and column) and returns false when there was one.
  bool load(clang::CompilerInstance &CI, llvm::StringRef Path);
  bool empty() const { return Rules.empty(); }
  // The trace request of the rule for FD, if one names it.
  std::optional<TraceRequest> requestFor(const clang::FunctionDecl *FD) const;

private:
  llvm::StringMap<TraceRequest> Rules; // by qualified name
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_AUTOLOGRULES_H
