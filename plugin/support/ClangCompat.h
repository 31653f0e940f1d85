//===- ClangCompat.h - The Clang API differences the plugin papers over ---===//
//
// The plugin is built for Clang 19 by default and for Clang 16 too (see CMakeLists.txt; the lit
// suite runs with both), and is kept compiling against newer majors so that moving on is a
// build change, not a port. Every version seam lives here, each one small, saying what changed
// and in which release; code elsewhere calls these and nothing version-specific. The seams:
//
//  - identifierOf / locationOf: IdentifierLoc, the identifier argument of a parsed attribute
//    (ParsedAttr::getArgAsIdent). Up to Clang 20 a struct with public `Ident` and `Loc`; it
//    became a class with getters (getIdentifierInfo, getLoc) when llvm-project unified the
//    identifier/location pairs into it (PR 135808, relanded as 136077, April 2025, before the
//    Clang 21 branch), and moved to Basic/IdentifierTable.h. The guard below tests 22; check it
//    against 21 when the plugin first builds with that release.
//  - addExternalSource: Sema::addExternalSource takes a raw ExternalSemaSource* in Clang 19
//    (Sema then owns it through an IntrusiveRefCntPtr) and an IntrusiveRefCntPtr in later
//    releases (the 2025 clean-up of IntrusiveRefCntPtr construction from raw pointers). Detected
//    from the signature rather than versioned, so the exact release does not matter.
//  - OrdinaryString: the kind of an ordinary "..." literal, for StringLiteral::Create. The nested
//    enum StringLiteral::StringKind (StringLiteral::Ordinary) up to Clang 17; Clang 18 made it
//    the scoped enum clang::StringLiteralKind (the 2023 scoped-enum clean-up of AST bit-field
//    enums). Versioned at 18.
//  - isExplicitObjectMemberFunction: C++23's explicit object parameter (`void f(this Self&&)`,
//    P0847) came with Clang 18, and CXXMethodDecl::isExplicitObjectMemberFunction with it; before
//    that no member function has one. Versioned at 18.
//  - inAttributeArgument: whether Sema is inside an attribute's argument. Clang 19 marks that
//    evaluation context with the kind EK_AttrArgument (Sema::currentEvaluationContext). Clang 16
//    has no such kind (EK_Decltype, EK_TemplateArgument, EK_Other), and its parser enters an
//    attribute argument as a ConstantEvaluated (Unevaluated for a few attributes) context of kind
//    EK_Other: there that is what is tested, which also holds in, say, a case label or sizeof.
//    Detected from the enumerator rather than versioned, so the exact release does not matter.
//  - announcePluginAttributes, scopedArgumentsDropped: Clang asks plugins whether they know an
//    attribute (clang::hasAttribute) from Clang 17 on (llvm-project D144405, March 2023). Clang
//    16 consults only its own table, with two consequences. __has_cpp_attribute(mlflow::trace)
//    is 0, so <mlflow/attributes.h> would expand MLFLOW_TRACE to nothing: there the plugin
//    predefines __mlflow_cpp_trace_attribute, with which the header expands the macros to the
//    GNU spellings (__attribute__((mlflow_trace(...))), whose arguments every release parses).
//    And the parser skips the arguments of a C++11 attribute it does not know, so
//    [[mlflow::trace(TOOL)]] reaches the plugin as a bare [[mlflow::trace]]: rather than
//    trace it as UNKNOWN, the plugin reports an error (scopedArgumentsDropped sees the `(` the
//    parser skipped). Plugin actions do not run for -E, so on Clang 16 a preprocess-only run
//    expands the macros to nothing; and a GNU attribute cannot follow a lambda's introducer
//    (`[] MLFLOW_TRACE(...) (int x)` does not parse there). Versioned at 17.
//  - traceAnnotation: the AnnotateAttr that records a trace request. Clang 19's -ast-print
//    prints an attribute where it was written (before the declarator for ours); Clang 16
//    prints every attribute that is not implicit after it, inside the text the lit tests
//    check. Before 19 the annotation is therefore made implicit (as the plugin's own, it is),
//    which the printer skips; nothing else reads that flag. Versioned at 19 (17 and 18 not
//    checked).
//  - memberPointerType: ASTContext::getMemberPointerType takes the class as a `const Type *` up
//    to Clang 20; Clang 21 made member pointers carry a NestedNameSpecifier and take the
//    CXXRecordDecl (llvm-project PR 130537, March 2025). Versioned at 21; check it there.
//  - CompleteConstruction: the construction kind of a CXXConstructExpr was the nested enum
//    CXXConstructExpr::ConstructionKind (CK_Complete) up to Clang 17 and became the scoped enum
//    clang::CXXConstructionKind (Complete) in Clang 18 (the 2023 scoped-enum clean-up of AST
//    bit-field enums).
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_SUPPORT_CLANGCOMPAT_H
#define MLFLOW_PLUGIN_SUPPORT_CLANGCOMPAT_H

#include <optional>
#include <type_traits>
#include <utility>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/Version.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/ExternalSemaSource.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"

namespace mlflow::plugin::compat {

// The identifier of an IdentifierLoc (public field, then getter: see above).
inline const clang::IdentifierInfo* identifierOf(const clang::IdentifierLoc* IL) {
#if CLANG_VERSION_MAJOR >= 22
  return IL->getIdentifierInfo();
#else
  return IL->Ident;
#endif
}

// The location of an IdentifierLoc (public field, then getter: see above).
inline clang::SourceLocation locationOf(const clang::IdentifierLoc* IL) {
#if CLANG_VERSION_MAJOR >= 22
  return IL->getLoc();
#else
  return IL->Loc;
#endif
}

// S.addExternalSource(Source), whichever of the two signatures S has (see above).
template <class SemaT>
void addExternalSource(SemaT& S, llvm::IntrusiveRefCntPtr<clang::ExternalSemaSource> Source) {
  if constexpr (std::is_invocable_v<decltype(&SemaT::addExternalSource), SemaT&,
                                    clang::ExternalSemaSource*>)
    S.addExternalSource(Source.get());
  else
    S.addExternalSource(std::move(Source));
}

// The kind of an ordinary string literal (see above).
#if CLANG_VERSION_MAJOR >= 18
inline constexpr clang::StringLiteralKind OrdinaryString = clang::StringLiteralKind::Ordinary;
#else
inline constexpr clang::StringLiteral::StringKind OrdinaryString = clang::StringLiteral::Ordinary;
#endif

// Whether Method takes an explicit object parameter (see above).
inline bool isExplicitObjectMemberFunction(const clang::CXXMethodDecl* Method) {
#if CLANG_VERSION_MAJOR >= 18
  return Method->isExplicitObjectMemberFunction();
#else
  (void)Method;
  return false;
#endif
}

namespace detail {
template <class Record, class = void>
struct HasAttrArgumentKind : std::false_type {};
template <class Record>
struct HasAttrArgumentKind<Record, std::void_t<decltype(Record::EK_AttrArgument)>>
    : std::true_type {};
}  // namespace detail

// Whether S is parsing an attribute's argument (see above).
template <class SemaT>
bool inAttributeArgument(const SemaT& S) {
  if (S.ExprEvalContexts.empty()) return false;
  const auto& Context = S.ExprEvalContexts.back();
  using Record = std::decay_t<decltype(Context)>;
  if constexpr (detail::HasAttrArgumentKind<Record>::value)
    return Context.ExprContext == Record::EK_AttrArgument;
  else
    return Context.ExprContext == Record::EK_Other &&
           (Context.isConstantEvaluated() || Context.isUnevaluated());
}

// Makes the plugin's attributes visible to <mlflow/attributes.h> where __has_cpp_attribute does
// not see them (see above). Called before the main file is read.
inline void announcePluginAttributes(clang::Preprocessor& PP) {
#if CLANG_VERSION_MAJOR >= 17
  (void)PP;
#else
  PP.setPredefines(PP.getPredefines() + "#define __mlflow_cpp_trace_attribute 1\n");
#endif
}

// True when A, a C++11-spelled attribute, was written with arguments that the parser skipped
// (see above); never from Clang 17 on.
inline bool scopedArgumentsDropped(clang::Sema& S, const clang::ParsedAttr& A) {
#if CLANG_VERSION_MAJOR >= 17
  (void)S;
  (void)A;
  return false;
#else
  if (A.getSyntax() != clang::AttributeCommonInfo::AS_CXX11 || A.getNumArgs() != 0)
    return false;
  std::optional<clang::Token> Next = clang::Lexer::findNextToken(
      A.getRange().getEnd(), S.getSourceManager(), S.getLangOpts());
  return Next && Next->is(clang::tok::l_paren);
#endif
}

// The AnnotateAttr holding Text, for a declaration the plugin traces (see above).
inline clang::AnnotateAttr* traceAnnotation(clang::ASTContext& Ctx, llvm::StringRef Text,
                                            clang::SourceRange Range) {
#if CLANG_VERSION_MAJOR >= 19
  return clang::AnnotateAttr::Create(Ctx, Text, nullptr, 0, Range);
#else
  return clang::AnnotateAttr::CreateImplicit(Ctx, Text, nullptr, 0, Range);
#endif
}

// The type `T Class::*` for a member function type T (see above).
inline clang::QualType memberPointerType(clang::ASTContext& Ctx, clang::QualType T,
                                         const clang::CXXRecordDecl* Class) {
#if CLANG_VERSION_MAJOR >= 21
  return Ctx.getMemberPointerType(T, /*Qualifier=*/nullptr, Class);
#else
  return Ctx.getMemberPointerType(T, Ctx.getRecordType(Class).getTypePtr());
#endif
}

// A construction of a complete object (not a base or delegating one), for CXXConstructExpr.
#if CLANG_VERSION_MAJOR >= 18
inline constexpr clang::CXXConstructionKind CompleteConstruction = clang::CXXConstructionKind::Complete;
#else
inline constexpr clang::CXXConstructExpr::ConstructionKind CompleteConstruction =
    clang::CXXConstructExpr::CK_Complete;
#endif

}  // namespace mlflow::plugin::compat

#endif  // MLFLOW_PLUGIN_SUPPORT_CLANGCOMPAT_H
