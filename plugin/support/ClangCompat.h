//===- ClangCompat.h - The Clang API differences the plugin papers over ---===//
//
// The plugin is built for Clang 19 (see CMakeLists.txt), but is kept compiling against newer
// majors so that moving on is a build change, not a port. Every version seam lives here, each
// one small, saying what changed and in which release; code elsewhere calls these and nothing
// version-specific. The seams:
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

#include <type_traits>
#include <utility>

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/Version.h"
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
