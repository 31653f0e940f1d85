//===- CallSiteRedirect.cpp - Send one call through a runtime adapter -----===//
#include "autolog/CallSiteRedirect.h"

#include "support/ClangCompat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TemplateBase.h"
#include "clang/Sema/DeclSpec.h"
#include "clang/Sema/Lookup.h"
#include "clang/Sema/Template.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace mlflow::plugin {
namespace {

template <class T>
T *lookupOne(Sema &S, DeclContext *DC, llvm::StringRef Name, Sema::LookupNameKind Kind,
             SourceLocation Loc) {
  if (!DC)
    return nullptr;
  LookupResult R(S, &S.Context.Idents.get(Name), Loc, Kind);
  S.LookupQualifiedName(R, DC);
  return R.isSingleResult() ? dyn_cast<T>(R.getFoundDecl()) : nullptr;
}

} // namespace

bool CallSiteRedirect::runtimeDeclared(SourceLocation Loc) {
  if (!LookedUp) {
    LookedUp = true;
    auto *Mlflow = lookupOne<NamespaceDecl>(S, Ctx.getTranslationUnitDecl(), "mlflow",
                                            Sema::LookupNamespaceName, Loc);
    // Qualified lookup sees through the runtime's inline ABI namespace (mlflow::v0::detail).
    auto *Detail = lookupOne<NamespaceDecl>(S, Mlflow, "detail", Sema::LookupNamespaceName, Loc);
    Autolog = lookupOne<NamespaceDecl>(S, Detail, "autolog", Sema::LookupNamespaceName, Loc);
    Tags = lookupOne<NamespaceDecl>(S, Autolog, "tags", Sema::LookupNamespaceName, Loc);
    Redirect = lookupOne<ClassTemplateDecl>(S, Autolog, "Redirect", Sema::LookupOrdinaryName, Loc);
    Adapter = lookupOne<ClassTemplateDecl>(S, Autolog, "Adapter", Sema::LookupOrdinaryName, Loc);
  }
  return Tags && Redirect && Adapter;
}

CXXRecordDecl *CallSiteRedirect::tag(llvm::StringRef Name, SourceLocation Loc) {
  return lookupOne<CXXRecordDecl>(S, Tags, Name, Sema::LookupTagName, Loc);
}

bool CallSiteRedirect::adapterDefined(llvm::StringRef TagName, SourceLocation Loc) {
  if (!runtimeDeclared(Loc))
    return false;
  CXXRecordDecl *Tag = tag(TagName, Loc);
  if (!Tag)
    return false;
  TemplateArgument Arg(Ctx.getCanonicalType(Ctx.getRecordType(Tag)));
  void *InsertPos = nullptr;
  ClassTemplateSpecializationDecl *Spec = Adapter->findSpecialization(Arg, InsertPos);
  return Spec && Spec->hasDefinition();
}

bool CallSiteRedirect::adaptersIncluded(SourceLocation Loc) {
  if (!runtimeDeclared(Loc))
    return false;
  auto *Call = lookupOne<CXXMethodDecl>(S, Redirect->getTemplatedDecl(), "call",
                                        Sema::LookupOrdinaryName, Loc);
  return Call && Call->isDefined();
}

// &Callee: a function pointer, or for a non-static member `&Class::member` (which must be
// written qualified to name a pointer to member).
Expr *CallSiteRedirect::addressOf(FunctionDecl *Callee, SourceLocation Loc) {
  NestedNameSpecifierLoc Qualifier;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee); Method && !Method->isStatic()) {
    QualType Class = Ctx.getRecordType(Method->getParent());
    CXXScopeSpec SS;
    SS.Extend(Ctx, SourceLocation(), Ctx.getTrivialTypeSourceInfo(Class, Loc)->getTypeLoc(), Loc);
    Qualifier = SS.getWithLocInContext(Ctx);
  }
  auto *Ref = DeclRefExpr::Create(Ctx, Qualifier, SourceLocation(), Callee,
                                  /*RefersToEnclosingVariableOrCapture=*/false, Loc,
                                  Callee->getType(), VK_LValue);
  ExprResult Address = S.CreateBuiltinUnaryOp(Loc, UO_AddrOf, Ref);
  return Address.isInvalid() ? nullptr : Address.get();
}

Expr *CallSiteRedirect::build(CallExpr *Call, FunctionDecl *Callee, llvm::StringRef TagName) {
  SourceLocation Loc = Call->getBeginLoc();
  if (!runtimeDeclared(Loc))
    return nullptr;
  CXXRecordDecl *Tag = tag(TagName, Loc);
  const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
  if (!Tag || !Proto)
    return nullptr;

  // The object of a member call: an lvalue (or an rvalue, for a temporary or a &&-qualified
  // member) of the class that declares the member.
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  bool Member = Method && Method->isInstance();
  Expr *Object = nullptr;
  QualType SelfType;
  if (Member) {
    if (compat::isExplicitObjectMemberFunction(Method))
      return nullptr; // C++23 `this` parameters: left as written
    auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call);
    auto *ME = MemberCall ? dyn_cast<MemberExpr>(MemberCall->getCallee()->IgnoreParens()) : nullptr;
    if (!ME || ME->hasQualifier())
      return nullptr; // obj.Base::f() is not a virtual call: (obj.*&Base::f)() would be
    Object = ME->getBase();
    if (ME->isArrow()) {
      ExprResult Deref = S.CreateBuiltinUnaryOp(Loc, UO_Deref, Object);
      if (Deref.isInvalid())
        return nullptr;
      Object = Deref.get();
    }
    QualType Class = Ctx.getQualifiedType(Ctx.getRecordType(Method->getParent()),
                                          Method->getMethodQualifiers());
    bool RValue = Method->getRefQualifier() == RQ_RValue ||
                  (Method->getRefQualifier() == RQ_None && !Object->isLValue());
    SelfType = RValue ? Ctx.getRValueReferenceType(Class) : Ctx.getLValueReferenceType(Class);
  }
  QualType FnType = Member ? compat::memberPointerType(Ctx, Callee->getType(), Method->getParent())
                           : Ctx.getPointerType(Callee->getType());
  Expr *Address = addressOf(Callee, Loc);
  if (!Address)
    return nullptr;

  // Redirect<Tag, Fn, &callee, R, [Self,] P...>: the callee's parameter types, then the
  // (promoted) types of the arguments a variadic callee got for its `...`.
  TemplateArgumentListInfo Args(Loc, Loc);
  auto TypeArgument = [&](QualType T) {
    Args.addArgument(TemplateArgumentLoc(TemplateArgument(T), Ctx.getTrivialTypeSourceInfo(T, Loc)));
  };
  TypeArgument(Ctx.getRecordType(Tag));
  TypeArgument(FnType);
  Args.addArgument(TemplateArgumentLoc(TemplateArgument(Address), Address));
  TypeArgument(Callee->getReturnType());
  if (Member)
    TypeArgument(SelfType);
  unsigned NumArgs = Call->getNumArgs();
  if (NumArgs < Proto->getNumParams() || (NumArgs > Proto->getNumParams() && !Proto->isVariadic()))
    return nullptr;
  for (QualType Param : Proto->getParamTypes())
    TypeArgument(Param);
  for (unsigned I = Proto->getNumParams(); I < NumArgs; ++I) {
    QualType Promoted = Call->getArg(I)->getType();
    if (Promoted->isRecordType() || Promoted->isDependentType())
      return nullptr; // a class object through `...`: left as written
    TypeArgument(Promoted);
  }

  // Built as Sema would build the same source, with any error kept out of the user's
  // compilation: on the first one the call stays as written.
  Sema::SFINAETrap Trap(S, /*AccessCheckingSFINAE=*/true);
  QualType Spec = S.CheckTemplateIdType(TemplateName(Redirect), Loc, Args);
  if (Spec.isNull() || Trap.hasErrorOccurred() || !S.isCompleteType(Loc, Spec))
    return nullptr;
  auto *Record = Spec->getAsCXXRecordDecl();
  auto *Forward = Record ? lookupOne<CXXMethodDecl>(S, Record, "call", Sema::LookupOrdinaryName, Loc)
                         : nullptr;
  if (!Forward || !Forward->isStatic())
    return nullptr;
  ExprResult ForwardRef = S.BuildDeclRefExpr(Forward, Forward->getType(), VK_LValue, Loc);
  if (ForwardRef.isInvalid())
    return nullptr;
  llvm::SmallVector<Expr *, 8> CallArgs;
  if (Member)
    CallArgs.push_back(Object);
  for (unsigned I = 0; I < NumArgs; ++I)
    CallArgs.push_back(Call->getArg(I));
  ExprResult Built = S.BuildCallExpr(/*Scope=*/nullptr, ForwardRef.get(), Loc, CallArgs,
                                     Call->getRParenLoc());
  if (Built.isInvalid() || Trap.hasErrorOccurred())
    return nullptr;
  Expr *Result = Built.get();
  // The original call's parent already binds its temporary (CXXBindTemporaryExpr): one more
  // would destroy the result twice.
  if (auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Result))
    Result = Bind->getSubExpr();
  if (!Ctx.hasSameType(Result->getType(), Call->getType()) ||
      Result->getValueKind() != Call->getValueKind())
    return nullptr;
  S.MarkFunctionReferenced(Loc, Forward);
  return Result;
}

} // namespace mlflow::plugin
