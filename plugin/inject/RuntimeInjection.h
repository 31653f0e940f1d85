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
//                 preprocessor's predefines, as -include would), for the name filters and for
//                 autolog (which redirects calls in files that never include the runtime).
//                 The prelude includes nothing and defines no macro: it declares exactly what
//                 the generated code names. (An annotated function's file includes
//                 <mlflow/trace.h>, which includes the prelude.)
//   the tail      after the file's last line, the definitions of the captures (templates,
//                 instantiated at the end of the translation unit, so a definition after the
//                 use is enough): `#include <mlflow/detail/library_capture.h>` (booleans,
//                 numbers, strings and the library's vectors and maps of them, with the
//                 standard library only) where every captured value is of such a type, else `#include <mlflow/detail/function_span.h>`
//                 (any type, with nlohmann/json; parsing nlohmann/json is most of what tracing
//                 adds to the compile time of a file without it). The instrumenter says which
//                 (requireGenericCaptures) as it builds each capture, and so does a traced
//                 template's annotation (its instantiations come after the tail) and a name
//                 filter; a first declaration in the tail makes sure the file's last function
//                 is instrumented before the choice is read. Where the file included
//                 nlohmann/json itself, the tail takes function_span.h (its include of
//                 nlohmann/json is a no-op, and the file's own configuration is the one used).
//                 The tail is guarded by a macro that the plugin defines only
//                 once it knows the file traces something (an annotation was parsed, or a name
//                 filter is on), so a file with nothing to trace pays nothing.
//                 Autolog's adapters come the same way: <mlflow/detail/autolog/<id>.h> for each
//                 integration whose client header the file included, switched on by the
//                 integration's own macro (noteClientHeader). Not by the first redirected call:
//                 the parser reads the token after a declaration, and with it the tail's #if
//                 lines when the declaration is the file's last, before the consumer sees it.
//
// Functions declared in the tail (the runtime's own, and any header only the tail pulled in)
// are never traced: see isInTail().
//===----------------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INJECT_RUNTIMEINJECTION_H
#define MLFLOW_PLUGIN_INJECT_RUNTIMEINJECTION_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
class Decl;
class Preprocessor;
} // namespace clang

namespace mlflow::plugin {

// The macro that switches the tail on (a reserved name: no user code defines it).
inline constexpr const char *TailMacro = "__mlflow_cpp_traces";
// The macro that makes the tail define the captures of any type (function_span.h), not only
// those of booleans, numbers and strings (library_capture.h).
inline constexpr const char *GenericCapturesMacro = "__mlflow_cpp_generic_captures";
// The macros that switch autolog's adapters on: this one for any, and one per integration,
// __mlflow_cpp_autolog_<id> (with '-' as '_').
inline constexpr const char *AutologMacro = "__mlflow_cpp_autolog";

// An autolog integration, as the tail sees it.
struct AutologAdapter {
  std::string Id;         // <mlflow/detail/autolog/<Id>.h>
  std::string GuardMacro; // the client header's include guard, when it has one
};

class RuntimeInjection {
public:
  // Sets up the injection for this compilation, before the main file is read (from the
  // plugin action's CreateASTConsumer). `NameFilters`: the include= filters are on, so the
  // prelude goes ahead of the file and the tail is on from the start.
  // `AutologAdapters`: the integrations whose calls may be redirected (empty: autolog is off),
  // whose adapters the tail can bring in.
  void prepare(clang::CompilerInstance &CI, bool NameFilters,
               const std::vector<AutologAdapter> &AutologAdapters);

  // Switches the tail on (idempotent); called when the first annotation is parsed.
  static void requireTail(clang::Preprocessor &PP, clang::SourceLocation Loc);
  // Makes the tail define the captures of any type (idempotent): a value of a type other than
  // a boolean, a number or a string is captured, or may be.
  static void requireGenericCaptures(clang::Preprocessor &PP, clang::SourceLocation Loc);

  // Switches on the adapter of one autolog integration in the tail (idempotent); called when
  // the preprocessor enters one of the client's headers.
  static void noteClientHeader(clang::Preprocessor &PP, llvm::StringRef IntegrationId,
                               clang::SourceLocation Loc);
  // Whether the tail will bring in the adapter (so a call may be redirected to it).
  static bool adapterWillBeIncluded(clang::Preprocessor &PP, const AutologAdapter &Adapter);

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
