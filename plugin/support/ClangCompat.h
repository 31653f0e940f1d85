//===- Compat.h - The Clang API differences the plugin papers over ----------===//
//
// The plugin is built for Clang 19 (see CMakeLists.txt), but is kept compiling against newer
// majors so that moving on is a build change, not a port. Every version seam lives here, each one
// small, with the release that changed it; code elsewhere calls these and nothing version-
// specific. Known differences and where they were read: /work/shared/docs/clang-plugin-notes.md
// section 6.
//===----------------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_COMPAT_H
#define MLFLOW_PLUGIN_COMPAT_H

#include <type_traits>
#include <utility>

#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/Version.h"
#include "clang/Sema/ExternalSemaSource.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"

namespace mlflow::plugin::compat {

// IdentifierLoc, the identifier argument of a parsed attribute: a struct with public `Loc` and
// `Ident` up to Clang 21; a class with getters (and moved to Basic/IdentifierTable.h) in 22.
inline const clang::IdentifierInfo* identifierOf(const clang::IdentifierLoc* IL) {
#if CLANG_VERSION_MAJOR >= 22
  return IL->getIdentifierInfo();
#else
  return IL->Ident;
#endif
}

inline clang::SourceLocation locationOf(const clang::IdentifierLoc* IL) {
#if CLANG_VERSION_MAJOR >= 22
  return IL->getLoc();
#else
  return IL->Loc;
#endif
}

// Sema::addExternalSource takes a raw pointer (Sema then owns it through an IntrusiveRefCntPtr)
// in Clang 19, and an IntrusiveRefCntPtr in later releases. Detected rather than versioned: the
// release that switched was not checked.
template <class SemaT>
void addExternalSource(SemaT& S, llvm::IntrusiveRefCntPtr<clang::ExternalSemaSource> Source) {
  if constexpr (std::is_invocable_v<decltype(&SemaT::addExternalSource), SemaT&,
                                    clang::ExternalSemaSource*>)
    S.addExternalSource(Source.get());
  else
    S.addExternalSource(std::move(Source));
}

}  // namespace mlflow::plugin::compat

#endif  // MLFLOW_PLUGIN_COMPAT_H
