//===- ExceptionHandler.cpp - Record an exception that leaves a traced body ===//
#include "instrument/ExceptionHandler.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace mlflow::plugin {
namespace {

// Constructs that Sema::canThrow gets wrong or does not expect: `a ?: b` (GNU) is reported as
// never throwing without a look at its operands; MS property references are not handled there;
// a CUDA kernel launch is a call; C++23's `if consteval` has no condition, which canThrow reads
// (Clang 19 crashes there). A body with any of them keeps its try/catch.
bool hasConstructCanThrowMisjudges(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *If = dyn_cast<IfStmt>(S); If && If->isConsteval())
    return true;
  if (isa<BinaryConditionalOperator, MSPropertyRefExpr, MSPropertySubscriptExpr,
          CUDAKernelCallExpr>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (hasConstructCanThrowMisjudges(Child))
      return true;
  return false;
}

} // namespace

bool ExceptionHandler::isNeeded(Stmt *Body) {
  return S.getLangOpts().CXXExceptions && bodyCanThrow(Body);
}

// Whether an exception can leave Body (after the returns were rewritten: the hooks are
// noexcept). Sema's own analysis, the one behind noexcept(expr): a call to a function that is
// not noexcept, a throw expression, a dynamic_cast to a reference, ... can throw.
bool ExceptionHandler::bodyCanThrow(Stmt *Body) {
  if (S.getLangOpts().EHAsynch || hasConstructCanThrowMisjudges(Body))
    return true;
  return S.canThrow(Body) != CT_Cannot;
}

Stmt *ExceptionHandler::wrap(CompoundStmt *Body, VarDecl *Span, SourceLocation Loc) {
  ASTContext &Ctx = S.Context;
  Expr *SpanRef = Hooks.declRef(Span, Loc);
  ExprResult Record = SpanRef ? Hooks.hookCall("record_exception", {SpanRef}, Loc) : ExprError();
  if (!Record.isInvalid())
    Record = S.ActOnFinishFullExpr(Record.get(), Loc, /*DiscardedValue=*/true);
  ExprResult Rethrow = S.BuildCXXThrow(Loc, nullptr, /*IsThrownVarInScope=*/false);
  if (Record.isInvalid() || Rethrow.isInvalid())
    return nullptr;
  Stmt *HandlerStatements[] = {Record.get(), Rethrow.get()};
  auto *Handler = CompoundStmt::Create(Ctx, HandlerStatements, FPOptionsOverride(), Loc, Loc);
  auto *Catch = new (Ctx) CXXCatchStmt(Loc, /*exDecl=*/nullptr, Handler);
  return CXXTryStmt::Create(Ctx, Loc, Body, {Catch});
}

} // namespace mlflow::plugin
