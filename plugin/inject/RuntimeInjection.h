//===- RuntimeInjection.h - What the plugin adds to a file, and where ------===//
//
// The plugin's generated code calls the runtime (mlflow::detail::FunctionSpan, record_arg, ...),
// so the runtime must be declared in every file the plugin rewrites, including files that never
// include it (traced by the include= name filters, and later by autolog). Whatever is added must
// leave the user's file as it was: a switch the file defines before its own includes
// (JSON_DIAGNOSTICS, `#define private public`) must still reach the headers it includes, and no
// function of a header may be seen before the runtime is declared. So the plugin adds two things,
// at the two places where they cannot change the file:
//
//   the prelude   `#include <mlflow/detail/prelude.h>` ahead of the file (through the
//                 preprocessor's predefines, as -include would), only for the name filters.
//                 The prelude includes nothing and defines no macro: it declares exactly what
//                 the generated code names. (An annotated function's file includes
//                 <mlflow/trace.h>, which includes the prelude.)
//   the tail      `#include <mlflow/detail/function_span.h>` after the file's last line: the
//                 definitions of the captures (templates, instantiated at the end of the
//                 translation unit, so a definition after the use is enough), with the standard
//                 library and nlohmann/json they need. Where the file included nlohmann/json
//                 itself, the tail's include of it is a no-op and the file's own configuration
//                 is the one used. The tail is guarded by a macro that the plugin defines only
//                 once it knows the file traces something (an annotation was parsed, or a name
//                 filter is on), so a file with nothing to trace pays nothing.
//
// Functions declared in the tail (the runtime's own, and any header only the tail pulled in)
// are never traced: see isInTail().
//===----------------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INJECT_RUNTIMEINJECTION_H
#define MLFLOW_PLUGIN_INJECT_RUNTIMEINJECTION_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

namespace clang {
class CompilerInstance;
class Decl;
class Preprocessor;
} // namespace clang

namespace mlflow::plugin {

// The macro that switches the tail on (a reserved name: no user code defines it).
inline constexpr const char *TailMacro = "__mlflow_cpp_traces";

class RuntimeInjection {
public:
  // Sets up the injection for this compilation, before the main file is read (from the
  // plugin action's CreateASTConsumer). `NameFilters`: the include= filters are on, so the
  // prelude goes ahead of the file and the tail is on from the start.
  void prepare(clang::CompilerInstance &CI, bool NameFilters);

  // Switches the tail on (idempotent); called when the first annotation is parsed.
  static void requireTail(clang::Preprocessor &PP, clang::SourceLocation Loc);

  // Whether Loc is in the tail or in a header that only the tail included: code the plugin
  // added, never the user's.
  bool isInTail(clang::SourceLocation Loc);

private:
  const clang::SourceManager *SM = nullptr;
  clang::FileID MainFile;
  unsigned TailOffset = 0; // offset of the tail in the main file; 0: no tail
  llvm::DenseMap<clang::FileID, bool> TailFiles;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_INJECT_RUNTIMEINJECTION_H
