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

// T's declaration when T is a specialization of the class template std::<Name> (in std or one
// of its inline namespaces), with `Arguments` template arguments, each a type.
const ClassTemplateSpecializationDecl *stdSpecialization(QualType T, llvm::StringRef Name,
                                                         unsigned Arguments) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getCanonicalType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || Spec->getName() != Name)
    return nullptr;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() != Arguments)
    return nullptr;
  for (unsigned I = 0; I < Arguments; ++I)
    if (Args[I].getKind() != TemplateArgument::Type)
      return nullptr;
  return Spec;
}

QualType argument(const ClassTemplateSpecializationDecl *Spec, unsigned I) {
  return Spec->getTemplateArgs()[I].getAsType().getCanonicalType();
}

bool isChar(QualType T) {
  return T->isSpecificBuiltinType(BuiltinType::Char_S) ||
         T->isSpecificBuiltinType(BuiltinType::Char_U);
}

// std::<Name><Of> exactly (std::char_traits<char>, std::allocator<int>, std::less<K>).
bool isStdOf(QualType T, llvm::StringRef Name, QualType Of) {
  const auto *Spec = stdSpecialization(T, Name, 1);
  return Spec && argument(Spec, 0) == Of.getCanonicalType();
}

// std::string exactly: basic_string<char, char_traits<char>, allocator<char>>.
bool isStdString(QualType T) {
  const auto *Spec = stdSpecialization(T, "basic_string", 3);
  return Spec && isChar(argument(Spec, 0)) &&
         isStdOf(argument(Spec, 1), "char_traits", argument(Spec, 0)) &&
         isStdOf(argument(Spec, 2), "allocator", argument(Spec, 0));
}

// The library's containers (is_library_container in <mlflow/detail/library_capture.h>), exactly:
// std::vector of std::string, int, float or double, and std::map from std::string to
// std::string, int or double, with the default allocator and comparison.
bool isLibraryContainer(QualType T) {
  auto Element = [](QualType E, bool Float) {
    return isStdString(E) || E->isSpecificBuiltinType(BuiltinType::Int) ||
           (Float && E->isSpecificBuiltinType(BuiltinType::Float)) ||
           E->isSpecificBuiltinType(BuiltinType::Double);
  };
  if (const auto *Vector = stdSpecialization(T, "vector", 2)) {
    QualType E = argument(Vector, 0);
    return Element(E, /*Float=*/true) && isStdOf(argument(Vector, 1), "allocator", E);
  }
  if (const auto *Map = stdSpecialization(T, "map", 4)) {
    QualType K = argument(Map, 0), V = argument(Map, 1);
    if (!isStdString(K) || !Element(V, /*Float=*/false) || !isStdOf(argument(Map, 2), "less", K))
      return false;
    const auto *Allocator = stdSpecialization(argument(Map, 3), "allocator", 1);
    const auto *Pair = Allocator ? stdSpecialization(argument(Allocator, 0), "pair", 2) : nullptr;
    return Pair && argument(Pair, 0) == K.withConst().getCanonicalType() &&
           argument(Pair, 1) == V;
  }
  return false;
}

// Whether the runtime captures a value of type T (a capture hook's deduced template argument)
// with the declarations of <mlflow/detail/library_capture.h> alone: a boolean, a standard
// integer or floating-point type, a std::string or std::string_view of char, an annotated
// function's `const char*`, and the library's containers. A subset of what that header calls
// library types (library_captures_v: also the other character types and traits), kept exact so
// that it can only err towards the full header; an error the other way would not compile.
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
    return ReadsCStrings && Pointee.isConstQualified() && !Pointee.isVolatileQualified() &&
           isChar(Pointee.getUnqualifiedType());
  }
  // is_char_string: any std::basic_string or std::basic_string_view of char.
  const auto *String = stdSpecialization(T, "basic_string", 3);
  if (!String)
    String = stdSpecialization(T, "basic_string_view", 2);
  if (String)
    return isChar(argument(String, 0));
  return isLibraryContainer(T);
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
