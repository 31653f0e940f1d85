//===- ArgumentCapture.cpp - Record a traced function's arguments ---------===//
#include "instrument/ArgumentCapture.h"

#include "attribute/TraceRequest.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/Version.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace mlflow::plugin {

// An explicit object parameter (C++23 `this const T& self`) is the object, as `this` is: not an
// input (MLflow's Python decorator leaves `self` out too). Clang has them from 18 on.
static bool isExplicitObject(const ParmVarDecl *Param) {
#if CLANG_VERSION_MAJOR >= 18
  return Param->isExplicitObjectParameter();
#else
  (void)Param;
  return false;
#endif
}

Stmt *ArgumentCapture::build(FunctionDecl *FD, VarDecl *Span, SourceLocation Loc,
                             const std::vector<std::string> *Only) {
  Sema &S = Hooks.sema();
  ASTContext &Ctx = S.Context;
  bool ReadsCStrings = Hooks.readsCStrings();
  // Names of the parameter packs, seen in the template this function was instantiated from
  // (after instantiation a pack is just parameters sharing its name, possibly only one).
  llvm::StringSet<> PackNames;
  llvm::SmallVector<const ParmVarDecl *, 2> Packs;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    for (const ParmVarDecl *Param : Pattern->parameters())
      if (Param->isParameterPack() && Param->getIdentifier()) {
        PackNames.insert(Param->getName());
        Packs.push_back(Param);
      }
  auto Skipped = [&](const ParmVarDecl *Param) {
    bool NoCapture = llvm::any_of(Param->specific_attrs<AnnotateAttr>(), [](const AnnotateAttr *A) {
      return A->getAnnotation() == NoCaptureAnnotation;
    });
    return NoCapture || (Only && !llvm::is_contained(*Only, Param->getName()));
  };
  llvm::SmallVector<Stmt *, 4> Calls;
  for (ParmVarDecl *Param : FD->parameters()) {
    if (!Param->getIdentifier() || isExplicitObject(Param))
      continue;
    if (Skipped(Param))
      continue;
    Expr *SpanRef = Hooks.declRef(Span, Loc);
    Expr *ParamRef = Hooks.declRef(Param, Loc);
    if (!SpanRef || !ParamRef)
      continue;
    bool InPack = PackNames.contains(Param->getName());
    llvm::StringRef Hook =
        InPack ? (ReadsCStrings ? "record_pack_arg" : "record_unannotated_pack_arg")
               : (ReadsCStrings ? "record_arg" : "record_unannotated_arg");
    ExprResult Call =
        Hooks.hookCall(Hook, {SpanRef, Hooks.stringLiteral(Param->getName(), Loc), ParamRef}, Loc);
    if (!Call.isInvalid())
      Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
    if (!Call.isInvalid())
      Calls.push_back(Call.get());
  }
  // A pack that expanded to nothing left no parameter to record: it is recorded as [], as
  // Python's decorator records an empty *args.
  for (const ParmVarDecl *Pack : Packs) {
    if (Skipped(Pack) || llvm::any_of(FD->parameters(), [&](const ParmVarDecl *Param) {
          return Param->getIdentifier() && Param->getName() == Pack->getName();
        }))
      continue;
    Expr *SpanRef = Hooks.declRef(Span, Loc);
    ExprResult Call = SpanRef ? Hooks.hookCall("record_empty_pack",
                                               {SpanRef, Hooks.stringLiteral(Pack->getName(), Loc)},
                                               Loc)
                              : ExprError();
    if (!Call.isInvalid())
      Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
    if (!Call.isInvalid())
      Calls.push_back(Call.get());
  }
  if (Calls.empty())
    return nullptr;
  Expr *SpanRef = Hooks.declRef(Span, Loc);
  ExprResult Cond = SpanRef ? Hooks.hookCall("recording", {SpanRef}, Loc) : ExprError();
  if (!Cond.isInvalid())
    Cond = S.CheckBooleanCondition(Loc, Cond.get());
  if (!Cond.isInvalid())
    Cond = S.ActOnFinishFullExpr(Cond.get(), Loc, /*DiscardedValue=*/false);
  if (Cond.isInvalid())
    return nullptr;
  auto *Then = CompoundStmt::Create(Ctx, Calls, FPOptionsOverride(), Loc, Loc);
  return IfStmt::Create(Ctx, Loc, IfStatementKind::Ordinary, /*Init=*/nullptr, /*Var=*/nullptr,
                        Cond.get(), Loc, Loc, Then);
}

} // namespace mlflow::plugin
