//===- AutologIntegration.h - What one autolog integration knows ----------===//
//
// One integration is the plugin's knowledge of one LLM client (libcurl, cpp-httplib, openai-cpp,
// ...): which functions of it are redirected, to which adapter, and which headers are the
// client's own. It holds no code: the rewrite is the same for every integration
// (CallSiteRedirect), and what happens at run time is the adapter's
// (<mlflow/detail/autolog/<id>.h>). So an integration reads like a clang-tidy check's matcher:
// a table, in its own file, registered by one line in AutologRegistry.h.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_AUTOLOGINTEGRATION_H
#define MLFLOW_PLUGIN_AUTOLOG_AUTOLOGINTEGRATION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlflow::plugin {

// One function the integration takes: every call of it written in the user's code goes through
// ::mlflow::detail::autolog::Redirect<tags::<Tag>, ...>::call, which hands it to the adapter
// Adapter<tags::<Tag>>.
//
// For a client whose API changes between releases (a C API, such as llama.cpp's), an entry may
// also name the type the adapter was written for: the function's canonical type as Clang prints
// it (QualType::getAsString() of FunctionDecl::getType().getCanonicalType(): typedefs resolved,
// "int (struct llama_context *, struct llama_batch)"). When the file declares one of the
// integration's callees with another type (it was built against another release's header), none
// of the integration's calls in that file is redirected, and the plugin warns once, naming
// supportedRelease(). An entry with an empty Tag is only checked: a function the adapter itself
// calls, whose calls in the user's code are left alone.
struct RedirectedCallee {
  llvm::StringRef QualifiedName; // as FunctionDecl::getQualifiedNameAsString() spells it
  llvm::StringRef Tag;           // a struct declared in <mlflow/detail/prelude.h>, autolog::tags
  llvm::StringRef ExpectedType = {}; // empty: any type
};

class AutologIntegration {
public:
  virtual ~AutologIntegration() = default;
  // The id, in the plugin argument (autolog=<id>,...), the run-time switch, the adapter's header
  // (<mlflow/detail/autolog/<id>.h>), the lit tests and the docs.
  virtual llvm::StringRef id() const = 0;
  virtual llvm::ArrayRef<RedirectedCallee> callees() const = 0;
  // File names (the last path component) of the client's own headers, or, for a client whose
  // file names are common words, the last components ("cpr/api.h"): a call written inside
  // one of them is the client calling itself (ollama.hpp's ollama::chat forwarding to
  // Ollama::chat, openai.hpp's own libcurl calls) and is never redirected. A call inside a
  // system header never is either.
  // Reading one of them also switches the integration's adapter on.
  virtual llvm::ArrayRef<llvm::StringRef> ownHeaders() const = 0;
  // The include guard of the client's main header, when it has one: the adapter is brought in
  // only where it is defined (a user's own "curl.h" is not libcurl's).
  virtual llvm::StringRef guardMacro() const { return {}; }
  // The client release the callees' expected types come from ("llama.cpp v0.4.0"), for the
  // warning about a file built against another one.
  virtual llvm::StringRef supportedRelease() const { return {}; }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_AUTOLOGINTEGRATION_H
