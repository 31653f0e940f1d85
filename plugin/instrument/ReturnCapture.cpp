//===- ReturnCapture.cpp - Record a traced function's return value --------===//
#include "instrument/ReturnCapture.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Sema/Initialization.h"
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

// The local variable (or parameter) that `return E;` returns by name, seen through the
// conversions Sema wrapped around it (lvalue-to-rvalue, the implicit move, the copy/move
// constructor call that NRVO elides).
const VarDecl *returnedLocal(Expr *E) {
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
      return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() ? Var : nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

} // namespace

void ReturnCapture::warnOutputNotCaptured(const FunctionDecl *FD, SourceLocation Loc) {
  DiagnosticsEngine &Diags = S.getDiagnostics();
  unsigned ID = Diags.getCustomDiagID(
      DiagnosticsEngine::Warning,
      "the return value of %0 is not recorded as its span's output: its type can be neither "
      "moved nor copied [mlflow-trace]");
  Diags.Report(Loc, ID) << FD;
}

// `return T(...);` with T the class type returned, as
// `{ T __mlflow_result = T(...); record_return(span, __mlflow_result); return __mlflow_result; }`
// with __mlflow_result the named return value: it is built in the return slot, as the prvalue
// was, so the capture costs no extra move and destructor. Null when that form does not apply.
Stmt *ReturnCapture::returnThroughVariable(FunctionDecl *FD, VarDecl *Span,
                                           ReturnStmt *Return, Expr *Value) {
  QualType ReturnType = FD->getReturnType();
  // Deduced return types (`auto`) would be deduced again from the new return: left alone.
  if (!ReturnType->isRecordType() || ReturnType->getContainedDeducedType() ||
      ReturnType.isVolatileQualified() || FD->isNoReturn() || !S.getLangOpts().CPlusPlus17)
    return nullptr;
  Expr *Init = Value;
  Expr *Inner = Value;
  if (auto *Cleanups = dyn_cast<ExprWithCleanups>(Inner)) {
    // Cleanup objects (block literals, compound literals) belong to the return statement.
    if (Cleanups->getNumObjects() != 0)
      return nullptr;
    Inner = Cleanups->getSubExpr();
  }
  if (!Inner->isPRValue() ||
      !Ctx.hasSameUnqualifiedType(Inner->getType(), ReturnType.getUnqualifiedType()))
    return nullptr;
  SourceLocation Loc = Value->getBeginLoc();
  QualType VarType = ReturnType.getUnqualifiedType();
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(ResultVariableName), VarType,
                              Ctx.getTrivialTypeSourceInfo(VarType, Loc), SC_None);
  // The expression already initializes an object of this type (the result object); the variable
  // takes it as it is, as `T v = prvalue;` would (guaranteed elision).
  Var->setInit(Init);
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
  Expr *Returned = Hooks.declRef(Var, Loc);
  StmtResult NewReturn =
      Returned ? S.BuildReturnStmt(Return->getReturnLoc(), Returned) : StmtError();
  if (NewReturn.isInvalid())
    return nullptr;
  auto *R = cast<ReturnStmt>(NewReturn.get());
  // Sema marks named return values when it leaves the variable's scope while parsing; this
  // variable has no such scope, and the block holds one return: its own.
  if (R->getNRVOCandidate() == Var)
    Var->setNRVOVariable(true);
  Stmt *Block[] = {new (Ctx) DeclStmt(DeclGroupRef(Var), Loc, Loc), Call.get(), R};
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
    if (const VarDecl *Local = returnedLocal(Value)) {
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

    // Any other expression: `return record_return(span, e);`, the T&& result initializing the
    // return slot. That needs the type to be movable or copyable; a type that is neither
    // (returned by guaranteed elision) keeps its return as written and is not captured.
    OpaqueValueExpr Probe(Loc, ReturnType.getNonReferenceType(), VK_XValue);
    InitializedEntity Result = InitializedEntity::InitializeResult(Loc, ReturnType);
    if (!ReturnType->isReferenceType() && !S.CanPerformCopyInitialization(Result, &Probe)) {
      warnOutputNotCaptured(FD, Return->getBeginLoc());
      continue;
    }
    if (Stmt *Block = returnThroughVariable(FD, Span, Return, Value)) {
      *Slot = Block;
      continue;
    }
    bool HadCleanups = false;
    if (auto *Cleanups = dyn_cast<ExprWithCleanups>(Value)) {
      Value = Cleanups->getSubExpr();
      HadCleanups = true;
    }
    // A prvalue built straight into the return slot (`return {...};`, `return T(...);`) was
    // made without a temporary: bind it (so its destructor is used and emitted) and
    // materialize it, as an argument needs. A braced list must be materialized anyway: it
    // cannot deduce record_return's parameter.
    if (Value->isPRValue() && (isa<InitListExpr>(Value) || Value->getType()->isRecordType())) {
      ExprResult Bound = isa<CXXBindTemporaryExpr>(Value) ? Value : S.MaybeBindToTemporary(Value);
      if (Bound.isInvalid())
        continue;
      Value = S.TemporaryMaterializationConversion(Bound.get()).get();
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
