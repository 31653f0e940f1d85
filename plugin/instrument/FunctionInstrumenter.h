//===- FunctionInstrumenter.h - Turn a function body into a span ----------===//
//
// Rewrites the body of one function definition so that each call is a span (see
// runtime/include/mlflow/detail/function_span.h for the shape of the result), building every
// new node with Sema as the parser would, so that overload resolution, template deduction,
// implicit instantiation, cleanups and access checks are the compiler's own.
//
// It is called by the plugin's AST consumer before CodeGen sees the function. It never
// changes what the function computes: when a construct cannot be instrumented safely it leaves
// the function (or just its return value) alone and says why in a warning. (A traced function
// in a translation unit that never declared the runtime is an error: it cannot be compiled as
// asked.)
//
// This class is the orchestrator: it decides whether FD can be traced, finds the runtime's
// classes, and builds the site constant and the span variable that open the new body. The
// parts of the body are built next door, each in its own file, with HookBuilder:
// ArgumentCapture (the inputs), ReturnCapture (the output) and ExceptionHandler (an escaping
// exception). Tests: test/lit/instrument/.
//===----------------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INSTRUMENT_FUNCTIONINSTRUMENTER_H
#define MLFLOW_PLUGIN_INSTRUMENT_FUNCTIONINSTRUMENTER_H

#include "attribute/TraceRequest.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Sema/Sema.h"

namespace mlflow::plugin {

class HookBuilder;

class FunctionInstrumenter {
public:
  // GuardExceptions: the plugin's exceptions=guard (see ExceptionHandler.h).
  FunctionInstrumenter(clang::Sema &S, bool GuardExceptions);

  // Why a function was not instrumented.
  enum class Outcome { Instrumented, AlreadyDone, NotADefinition, Unsupported, NoRuntime };

  // Instruments FD as Request asks. `Explicit` is true for an annotated function (unsupported
  // constructs are then reported), false for one selected by a name filter (silently skipped).
  Outcome instrument(clang::FunctionDecl *FD, const TraceRequest &Request, bool Explicit);

  // True when FD's body already starts with the span variable (from this or an earlier run,
  // e.g. a PCH built with the plugin).
  static bool isInstrumented(const clang::FunctionDecl *FD);

private:
  bool findRuntime(clang::SourceLocation Loc);
  void warnNotTraced(const clang::FunctionDecl *FD, llvm::StringRef Why);
  std::string spanName(const clang::FunctionDecl *FD, const TraceRequest &Request) const;

  clang::VarDecl *makeSiteVariable(HookBuilder &Hooks, clang::FunctionDecl *FD,
                                   const TraceRequest &Request, bool Explicit,
                                   clang::SourceLocation Loc);
  clang::VarDecl *makeSpanVariable(HookBuilder &Hooks, clang::FunctionDecl *FD,
                                   clang::VarDecl *Site, clang::CXXRecordDecl *SpanClass,
                                   clang::SourceLocation Loc);

  clang::Sema &S;
  clang::ASTContext &Ctx;
  bool RuntimeLookedUp = false;
  clang::DeclContext *DetailNamespace = nullptr; // ::mlflow::detail
  bool GuardExceptions;
  clang::CXXRecordDecl *FunctionSpanClass = nullptr;
  clang::CXXRecordDecl *GuardedFunctionSpanClass = nullptr; // null in runtimes before it
  clang::CXXRecordDecl *FunctionSiteClass = nullptr;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_INSTRUMENT_FUNCTIONINSTRUMENTER_H
