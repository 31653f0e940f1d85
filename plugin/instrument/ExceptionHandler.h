//===- ExceptionHandler.h - Record an exception that leaves a traced body -===//
//
// An exception escaping a traced function is recorded on its span (status ERROR and an
// `exception` event) and rethrown unchanged:
//
//   try { <body> } catch (...) { ::mlflow::detail::record_exception(__mlflow_span); throw; }
//
// The handler is built only where it can run: not under -fno-exceptions, and not when Sema's
// own analysis (the one behind noexcept(expr)) says no exception can leave the body. Under the
// plugin's exceptions=guard no handler is built at all: FunctionInstrumenter declares the span
// as a GuardedFunctionSpan instead, which notices the unwinding (an exception nobody catches then
// terminates at its throw site, as without the plugin; docs/annotating.md). Tests:
// test/lit/instrument/ (exception-rethrown, exceptions-guard, exceptions-throw-site,
// no-exceptions, no-throw-body, noexcept, ...).
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INSTRUMENT_EXCEPTIONHANDLER_H
#define MLFLOW_PLUGIN_INSTRUMENT_EXCEPTIONHANDLER_H

#include "instrument/HookBuilder.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace mlflow::plugin {

class ExceptionHandler {
public:
  explicit ExceptionHandler(HookBuilder &Hooks) : Hooks(Hooks), S(Hooks.sema()) {}

  // Whether Body needs the handler: exceptions are enabled and one can leave Body (after the
  // returns were rewritten: the hooks are noexcept).
  bool isNeeded(clang::Stmt *Body);

  // `try { Body } catch (...) { record_exception(Span); throw; }`, built at Loc; null when it
  // cannot be built.
  clang::Stmt *wrap(clang::CompoundStmt *Body, clang::VarDecl *Span, clang::SourceLocation Loc);

private:
  bool bodyCanThrow(clang::Stmt *Body);

  HookBuilder &Hooks;
  clang::Sema &S;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_INSTRUMENT_EXCEPTIONHANDLER_H
