//===- ReturnCapture.h - Record a traced function's return value ----------===//
//
// A span's output: each return statement of the function itself (not those of lambdas, blocks
// or local classes inside it) passes its value through the runtime's record_return hook, in
// the cheapest form that keeps what the function returns, and how, unchanged:
//
//   return local;     ->  { record_return(__mlflow_span, local); return local; }
//                         (NRVO and the implicit move untouched)
//   return T(...);    ->  { T __mlflow_result = T(...); record_return(__mlflow_span,
//                           __mlflow_result); return __mlflow_result; }
//                         (any class prvalue: built in the return slot, as before; the return
//                         names the move/copy constructor without using it, so nothing is
//                         called, defined or diagnosed that the plain build did not)
//   return e;         ->  return record_return(__mlflow_span, e);
//                         (a scalar, pointer or reference: the hook returns its argument as
//                         T&&; a braced list is materialized first)
//
// A class result is never passed through record_return (its T&& would be moved or copied into
// the return slot). When the variable form cannot keep the function's behaviour (a type that can
// be neither moved nor copied, -fno-elide-constructors, a constexpr function whose move would be
// a deprecated implicit copy) the return is left as written and records no output, with a
// warning for an annotated function and silently for one a name filter selected. Functions
// returning void have nothing to record; neither do functions asked not to (`no_output`), which
// FunctionInstrumenter does not hand here. Tests: test/lit/instrument/ (braced-return,
// move-only-return, non-movable-return, prvalue-return-shapes, prvalue-return-no-elide,
// constexpr-class-return, ...).
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INSTRUMENT_RETURNCAPTURE_H
#define MLFLOW_PLUGIN_INSTRUMENT_RETURNCAPTURE_H

#include "instrument/HookBuilder.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace mlflow::plugin {

class ReturnCapture {
public:
  // Explicit: the function was annotated (not selected by a name filter); only then is a return
  // value that cannot be recorded reported, with a warning.
  ReturnCapture(HookBuilder &Hooks, bool Explicit)
      : Hooks(Hooks), S(Hooks.sema()), Ctx(S.Context), Explicit(Explicit) {}

  // Rewrites, in place, the return statements of FD found in Body to record on Span.
  void rewrite(clang::FunctionDecl *FD, clang::VarDecl *Span, clang::Stmt *Body);

private:
  clang::Stmt *returnThroughVariable(clang::FunctionDecl *FD, clang::VarDecl *Span,
                                     clang::ReturnStmt *Return, clang::Expr *Value,
                                     llvm::StringRef &Why);
  void warnOutputNotCaptured(const clang::FunctionDecl *FD, clang::SourceLocation Loc,
                             llvm::StringRef Why);

  HookBuilder &Hooks;
  clang::Sema &S;
  clang::ASTContext &Ctx;
  bool Explicit;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_INSTRUMENT_RETURNCAPTURE_H
