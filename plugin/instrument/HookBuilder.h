//===- HookBuilder.h - Literals, references and runtime hook calls --------===//
//
// The small expressions every part of the instrumenter builds: string, unsigned and bool
// literals, references to a declaration, and calls of the runtime's hooks,
// `::mlflow::detail::<hook>(...)`, resolved with Sema as if written in the function being
// instrumented. One HookBuilder serves one function: it also knows which family of hooks that
// function calls (annotated or selected by a name filter, see readsCStrings()).
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INSTRUMENT_HOOKBUILDER_H
#define MLFLOW_PLUGIN_INSTRUMENT_HOOKBUILDER_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlflow::plugin {

class HookBuilder {
public:
  // DetailNamespace is ::mlflow::detail, as FunctionInstrumenter found it. ReadsCStrings: the
  // function is annotated, and its hooks read a `const char*` as a C string (a function selected
  // by a name filter calls the record_unannotated_* hooks, which record it as an address).
  HookBuilder(clang::Sema &S, clang::DeclContext *DetailNamespace, bool ReadsCStrings)
      : S(S), Ctx(S.Context), DetailNamespace(DetailNamespace), ReadsCStrings(ReadsCStrings) {}

  clang::Sema &sema() const { return S; }
  bool readsCStrings() const { return ReadsCStrings; }

  // The hook that records a returned value.
  llvm::StringRef returnHook() const {
    return ReadsCStrings ? "record_return" : "record_unannotated_return";
  }

  clang::Expr *stringLiteral(llvm::StringRef Text, clang::SourceLocation Loc);
  clang::Expr *unsignedLiteral(unsigned Value, clang::SourceLocation Loc);
  clang::Expr *boolLiteral(bool Value, clang::SourceLocation Loc);
  // A reference to D, as a name written at Loc would be; null if Sema rejects it.
  clang::Expr *declRef(clang::ValueDecl *D, clang::SourceLocation Loc);
  // ::mlflow::detail::<Hook>(Args...), resolved (and deduced) as written in the source, without
  // argument-dependent lookup so that user functions of the same name cannot take over.
  clang::ExprResult hookCall(llvm::StringRef Hook, llvm::ArrayRef<clang::Expr *> Args,
                             clang::SourceLocation Loc);

private:
  clang::Sema &S;
  clang::ASTContext &Ctx;
  clang::DeclContext *DetailNamespace;
  bool ReadsCStrings;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_INSTRUMENT_HOOKBUILDER_H
