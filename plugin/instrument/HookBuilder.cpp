//===- HookBuilder.cpp - Literals, references and runtime hook calls ------===//
#include "instrument/HookBuilder.h"

#include "support/ClangCompat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Sema/Lookup.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace mlflow::plugin {

Expr *HookBuilder::stringLiteral(llvm::StringRef Text, SourceLocation Loc) {
  QualType Type = Ctx.getStringLiteralArrayType(Ctx.CharTy, Text.size());
  return StringLiteral::Create(Ctx, Text, compat::OrdinaryString, /*Pascal=*/false, Type,
                               Loc);
}

Expr *HookBuilder::unsignedLiteral(unsigned Value, SourceLocation Loc) {
  return IntegerLiteral::Create(Ctx, llvm::APInt(Ctx.getIntWidth(Ctx.UnsignedIntTy), Value),
                                Ctx.UnsignedIntTy, Loc);
}

Expr *HookBuilder::boolLiteral(bool Value, SourceLocation Loc) {
  return new (Ctx) CXXBoolLiteralExpr(Value, Ctx.BoolTy, Loc);
}

Expr *HookBuilder::declRef(ValueDecl *D, SourceLocation Loc) {
  ExprResult E =
      S.BuildDeclarationNameExpr(CXXScopeSpec(), DeclarationNameInfo(D->getDeclName(), Loc), D);
  return E.isInvalid() ? nullptr : E.get();
}

ExprResult HookBuilder::hookCall(llvm::StringRef Hook, llvm::ArrayRef<Expr *> Args,
                                 SourceLocation Loc) {
  LookupResult R(S, &Ctx.Idents.get(Hook), Loc, Sema::LookupOrdinaryName);
  S.LookupQualifiedName(R, DetailNamespace);
  if (R.empty())
    return ExprError();
  ExprResult Callee = S.BuildDeclarationNameExpr(CXXScopeSpec(), R, /*NeedsADL=*/false);
  if (Callee.isInvalid())
    return ExprError();
  llvm::SmallVector<Expr *, 4> ArgList(Args.begin(), Args.end());
  return S.ActOnCallExpr(/*Scope=*/nullptr, Callee.get(), Loc, ArgList, Loc);
}

} // namespace mlflow::plugin
