//===- HookBuilder.cpp - Literals, references and runtime hook calls ------===//
#include "instrument/HookBuilder.h"

#include "inject/RuntimeInjection.h"
#include "support/ClangCompat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Preprocessor.h"
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

namespace {

// Whether the runtime captures a value of type T (a capture hook's deduced template argument)
// with the declarations of <mlflow/detail/library_capture.h> alone: a boolean, a standard
// integer or floating-point type, a std::string or std::string_view of char, and a
// `const char*` read as a C string. A subset of what that header calls library types
// (library_captures_v: also its containers and the other character types), kept small so that
// it can only err towards the full header; an error the other way would not compile.
bool capturedWithoutJson(QualType T, bool ReadsCStrings) {
  T = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (const auto *B = T->getAs<BuiltinType>()) {
    switch (B->getKind()) {
    case BuiltinType::Bool:
    case BuiltinType::Short:
    case BuiltinType::UShort:
    case BuiltinType::Int:
    case BuiltinType::UInt:
    case BuiltinType::Long:
    case BuiltinType::ULong:
    case BuiltinType::LongLong:
    case BuiltinType::ULongLong:
    case BuiltinType::Float:
    case BuiltinType::Double:
    case BuiltinType::LongDouble:
      return true;
    default:
      return false;
    }
  }
  if (const auto *Pointer = T->getAs<PointerType>()) {
    QualType Pointee = Pointer->getPointeeType();
    QualType Char = Pointee.getUnqualifiedType();
    return ReadsCStrings && Pointee.isConstQualified() && !Pointee.isVolatileQualified() &&
           (Char->isSpecificBuiltinType(BuiltinType::Char_S) ||
            Char->isSpecificBuiltinType(BuiltinType::Char_U));
  }
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace())
    return false;
  llvm::StringRef Name = Spec->getName();
  if (Name != "basic_string" && Name != "basic_string_view")
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
    return false;
  QualType Char = Args[0].getAsType().getCanonicalType();
  return Char->isSpecificBuiltinType(BuiltinType::Char_S) ||
         Char->isSpecificBuiltinType(BuiltinType::Char_U);
}

bool isCaptureHook(llvm::StringRef Hook) {
  return Hook == "record_arg" || Hook == "record_pack_arg" || Hook == "record_return" ||
         Hook == "record_unannotated_arg" || Hook == "record_unannotated_pack_arg" ||
         Hook == "record_unannotated_return";
}

} // namespace

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
  ExprResult Call = S.ActOnCallExpr(/*Scope=*/nullptr, Callee.get(), Loc, ArgList, Loc);
  // A capture of a value that needs the captures of any type: the tail must define them
  // (inject/RuntimeInjection.h). The hook's template argument is the captured type.
  if (!Call.isInvalid() && isCaptureHook(Hook)) {
    const auto *CE = dyn_cast<CallExpr>(Call.get()->IgnoreImplicit());
    const FunctionDecl *Resolved = CE ? CE->getDirectCallee() : nullptr;
    const TemplateArgumentList *Deduced =
        Resolved ? Resolved->getTemplateSpecializationArgs() : nullptr;
    if (!Deduced || Deduced->size() == 0 || Deduced->get(0).getKind() != TemplateArgument::Type ||
        !capturedWithoutJson(Deduced->get(0).getAsType(), ReadsCStrings))
      RuntimeInjection::requireGenericCaptures(S.getPreprocessor(), Loc);
  }
  return Call;
}

} // namespace mlflow::plugin
