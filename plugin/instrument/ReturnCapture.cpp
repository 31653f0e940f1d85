//===- ReturnCapture.cpp - Record a traced function's return value --------===//
#include "instrument/ReturnCapture.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Sema/Initialization.h"
#include "support/ClangCompat.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace mlflow::plugin {
namespace {

constexpr llvm::StringLiteral ResultVariableName = "__mlflow_result";

// The places (parent slots) of the return statements that belong to this function: not those
// of lambdas, blocks or local classes inside it, which return from other functions. Slots, so
// that a return can be replaced by a block.
void collectReturnSlots(Stmt *Parent, llvm::SmallVectorImpl<Stmt **> &Slots) {
  for (Stmt *&Child : Parent->children()) {
    if (!Child || isa<LambdaExpr, BlockExpr>(Child))
      continue;
    if (isa<ReturnStmt>(Child))
      Slots.push_back(&Child);
    else
      collectReturnSlots(Child, Slots);
  }
}

// The local variable (or parameter) of FD that `return E;` returns by name, seen through the
// conversions Sema wrapped around it (lvalue-to-rvalue, the implicit move, the copy/move
// constructor call that NRVO elides). Not a variable a lambda captured: naming that again from
// the plugin's code would name the enclosing function's variable, not the capture.
const VarDecl *returnedLocal(const FunctionDecl *FD, Expr *E) {
  while (E) {
    E = E->IgnoreImplicit();
    if (auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() != 1 || !Construct->getConstructor()->isCopyOrMoveConstructor())
        return nullptr;
      E = Construct->getArg(0);
      continue;
    }
    if (auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
                     Var->getDeclContext() == FD && !Ref->refersToEnclosingVariableOrCapture()
                 ? Var
                 : nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

} // namespace

void ReturnCapture::warnOutputNotCaptured(const FunctionDecl *FD, SourceLocation Loc,
                                          llvm::StringRef Why) {
  // Only a function the user annotated hears about it: a name filter selects functions by the
  // thousand, and must not add a diagnostic to a build (the function is still traced).
  if (!Explicit)
    return;
  DiagnosticsEngine &Diags = S.getDiagnostics();
  unsigned ID = Diags.getCustomDiagID(
      DiagnosticsEngine::Warning,
      "the return value of %0 is not recorded as its span's output: %1 [mlflow-trace]");
  Diags.Report(Loc, ID) << FD << Why;
}

// `return T(...);` with T the class type returned, as
// `{ T __mlflow_result = T(...); record_return(span, __mlflow_result); return __mlflow_result; }`
// with __mlflow_result the named return value: it is built in the return slot, as the prvalue
// was, so the capture costs no move, no copy and no destructor. The one thing the plain build
// does not have is the copy/move constructor a `return variable;` names. It is never called
// (CodeGen applies NRVO to such a return without emitting its expression), so it must not be
// used either: Sema would define it, and an implicitly defined copy constructor can be
// deprecated (-Wdeprecated-copy, in -Wextra) or ill-formed in a template. The return is therefore
// built by hand, naming that constructor without using it. Null (and Why set) when the form
// does not apply; the return is then left as written and records nothing.
Stmt *ReturnCapture::returnThroughVariable(FunctionDecl *FD, VarDecl *Span,
                                           ReturnStmt *Return, Expr *Value,
                                           llvm::StringRef &Why) {
  // A deduced type (`auto`, `decltype(auto)`) has been deduced by now: that is what is returned.
  QualType VarType = FD->getReturnType();
  if (const DeducedType *Deduced = VarType->getContainedDeducedType())
    VarType = Deduced->getDeducedType();
  if (VarType.isNull())
    return nullptr;
  VarType = VarType.getUnqualifiedType();
  auto *Class = VarType->getAsCXXRecordDecl();
  Why = "it is returned in a form the plugin does not rewrite";
  if (!Class || FD->getReturnType().isVolatileQualified() || FD->isNoReturn())
    return nullptr;
  Expr *Inner = Value;
  if (auto *Cleanups = dyn_cast<ExprWithCleanups>(Inner)) {
    // Cleanup objects (block literals, compound literals) belong to the return statement.
    if (Cleanups->getNumObjects() != 0)
      return nullptr;
    Inner = Cleanups->getSubExpr();
  }
  if (!Inner->isPRValue() || !Ctx.hasSameUnqualifiedType(Inner->getType(), VarType))
    return nullptr;
  // With -fno-elide-constructors there is no NRVO: the variable would be moved or copied into
  // the return slot, a constructor call the plain build does not make.
  if (!S.getLangOpts().ElideConstructors) {
    Why = "with -fno-elide-constructors, recording it would add a move or copy";
    return nullptr;
  }
  CXXConstructorDecl *Moving = S.LookupMovingConstructor(Class, /*Quals=*/0);
  if (!Moving || Moving->isDeleted()) {
    Why = "its type can be neither moved nor copied";
    return nullptr;
  }
  // A constexpr function may run in the constant evaluator, which evaluates the return's
  // expression (it knows no NRVO): the constructor must then be usable, so the return uses it
  // (marks it referenced, which defines an implicit one). Only where that cannot add a
  // diagnostic: a user-provided constructor, or a move constructor (an implicit copy constructor
  // may be deprecated). (A lambda is implicitly constexpr when it can be: the same holds for it.)
  bool UsesConstructor = FD->isConstexpr();
  if (UsesConstructor && !(Moving->isUserProvided() || Moving->isMoveConstructor())) {
    Why = "in a constexpr function, recording it would use a copy constructor the function "
          "does not use";
    return nullptr;
  }

  SourceLocation Loc = Value->getBeginLoc();
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(ResultVariableName), VarType,
                              Ctx.getTrivialTypeSourceInfo(VarType, Loc), SC_None);
  // The expression already initializes an object of this type (the result object); the variable
  // takes it as it is, as `T v = prvalue;` would (guaranteed elision).
  Var->setInit(Value);
  Var->setInitStyle(VarDecl::CInit);
  if (const auto *Record = VarType->getAs<RecordType>())
    S.FinalizeVarWithDestructor(Var, Record);
  if (Var->isInvalidDecl())
    return nullptr;
  Expr *SpanRef = Hooks.declRef(Span, Loc);
  Expr *VarRef = Hooks.declRef(Var, Loc);
  ExprResult Call = SpanRef && VarRef
                        ? Hooks.hookCall(Hooks.returnHook(), {SpanRef, VarRef}, Loc)
                        : ExprError();
  if (!Call.isInvalid())
    Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
  if (Call.isInvalid())
    return nullptr;

  // What Sema builds for `return __mlflow_result;`: the elidable construction of the result
  // from the variable, moved (or copied, when the class has no move constructor). Built here,
  // not by Sema::BuildReturnStmt, which in a lambda would check the return against the
  // enclosing function.
  Expr *Returned = Hooks.declRef(Var, Loc);
  if (!Returned)
    return nullptr;
  QualType Param = Moving->getParamDecl(0)->getType();
  bool ByRvalue = Param->isRValueReferenceType();
  Returned = ImplicitCastExpr::Create(Ctx, Param.getNonReferenceType(), CK_NoOp, Returned,
                                      /*BasePath=*/nullptr, ByRvalue ? VK_XValue : VK_LValue,
                                      FPOptionsOverride());
  Expr *Construct = CXXConstructExpr::Create(
      Ctx, VarType, Loc, Moving, /*Elidable=*/true, {Returned},
      /*HadMultipleCandidates=*/false, /*ListInitialization=*/false,
      /*StdInitListInitialization=*/false, /*ZeroInitialization=*/false,
      compat::CompleteConstruction, SourceRange());
  if (UsesConstructor)
    S.MarkFunctionReferenced(Loc, Moving);
  ReturnStmt *NewReturn = ReturnStmt::Create(Ctx, Return->getReturnLoc(), Construct, Var);
  // Sema marks named return values when it leaves the variable's scope while parsing; this
  // variable has no such scope, and the block holds one return: its own.
  Var->setNRVOVariable(true);
  Stmt *Block[] = {new (Ctx) DeclStmt(DeclGroupRef(Var), Loc, Loc), Call.get(), NewReturn};
  return CompoundStmt::Create(Ctx, Block, FPOptionsOverride(), Return->getBeginLoc(),
                              Return->getEndLoc());
}

void ReturnCapture::rewrite(FunctionDecl *FD, VarDecl *Span, Stmt *Body) {
  QualType ReturnType = FD->getReturnType();
  if (ReturnType->isVoidType() || ReturnType->isDependentType())
    return;
  llvm::SmallVector<Stmt **, 4> Slots;
  collectReturnSlots(Body, Slots);
  for (Stmt **Slot : Slots) {
    auto *Return = cast<ReturnStmt>(*Slot);
    Expr *Value = Return->getRetValue();
    if (!Value || Value->getType()->isVoidType())
      continue;
    SourceLocation Loc = Value->getBeginLoc();
    Expr *SpanRef = Hooks.declRef(Span, Loc);
    if (!SpanRef)
      return;

    // `return local;`: record the variable, then return it exactly as before, so NRVO and the
    // implicit move are untouched: `{ record_return(span, local); return local; }`.
    if (const VarDecl *Local = returnedLocal(FD, Value)) {
      Expr *LocalRef = Hooks.declRef(const_cast<VarDecl *>(Local), Loc);
      ExprResult Call = LocalRef
                            ? Hooks.hookCall(Hooks.returnHook(), {SpanRef, LocalRef}, Loc)
                            : ExprError();
      if (!Call.isInvalid())
        Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
      if (Call.isInvalid())
        continue;
      Stmt *Block[] = {Call.get(), Return};
      *Slot = CompoundStmt::Create(Ctx, Block, FPOptionsOverride(), Return->getBeginLoc(),
                                   Return->getEndLoc());
      continue;
    }

    // A class returned by value: through the named result variable, or not recorded. Never
    // through record_return, whose T&& result would be moved or copied into the return slot.
    if (!ReturnType->isReferenceType() && ReturnType->isRecordType()) {
      llvm::StringRef Why;
      if (Stmt *Block = returnThroughVariable(FD, Span, Return, Value, Why))
        *Slot = Block;
      else
        warnOutputNotCaptured(FD, Return->getBeginLoc(), Why);
      continue;
    }

    // Anything else (a scalar, a pointer, a reference): `return record_return(span, e);`, the
    // hook returning its argument as T&&, which initializes the result as e did.
    InitializedEntity Result = InitializedEntity::InitializeResult(Loc, ReturnType);
    bool HadCleanups = false;
    if (auto *Cleanups = dyn_cast<ExprWithCleanups>(Value)) {
      Value = Cleanups->getSubExpr();
      HadCleanups = true;
    }
    // A braced list (`return {v};` of an int) cannot deduce record_return's parameter: it is
    // materialized first.
    if (Value->isPRValue() && isa<InitListExpr>(Value)) {
      Value = S.TemporaryMaterializationConversion(Value).get();
      if (!Value)
        continue;
    }
    ExprResult Call = Hooks.hookCall(Hooks.returnHook(), {SpanRef, Value}, Loc);
    if (Call.isInvalid())
      continue;
    ExprResult Converted = S.PerformCopyInitialization(Result, Loc, Call.get());
    if (Converted.isInvalid())
      continue;
    // The temporaries of the original expression still need their full-expression.
    if (HadCleanups)
      S.Cleanup.setExprNeedsCleanups(true);
    ExprResult Full = S.ActOnFinishFullExpr(Converted.get(), Loc, /*DiscardedValue=*/false);
    if (Full.isInvalid())
      continue;
    Return->setRetValue(Full.get());
  }
}

} // namespace mlflow::plugin
