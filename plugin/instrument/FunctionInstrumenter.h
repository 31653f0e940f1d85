//===- FunctionInstrumenter.h - Turn a function body into a span ----------===//
//
// Rewrites the body of one function definition so that each call is a span (see
// runtime/include/mlflow/detail/function_span.h for the shape of the result), building every
// new node with Sema as the parser would, so that overload resolution, template deduction,
// implicit instantiation, cleanups and access checks are the compiler's own.
//
// It is called by the plugin's AST consumer before CodeGen sees the function. It never
// changes what the function computes: when a construct cannot be instrumented safely it leaves
// the function (or just its return value) alone and says why in a warning.
//===----------------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_FUNCTIONINSTRUMENTER_H
#define MLFLOW_PLUGIN_FUNCTIONINSTRUMENTER_H

#include "attribute/TraceRequest.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Sema/Sema.h"

namespace mlflow::plugin {

class FunctionInstrumenter {
public:
  explicit FunctionInstrumenter(clang::Sema &S);

  // Why a function was not instrumented.
  enum class Outcome { Instrumented, AlreadyDone, NotADefinition, Unsupported, NoRuntime };

  // Instruments FD as Request asks. `Explicit` is true for an annotated function (unsupported
  // constructs are then reported), false for one selected by a name filter (silently skipped).
  Outcome instrument(clang::FunctionDecl *FD, const TraceRequest &Request, bool Explicit);

  // True when FD's body already starts with the span variable (from this or an earlier run,
  // e.g. a PCH built with the plugin).
  static bool isInstrumented(const clang::FunctionDecl *FD);

private:
  bool findRuntime(clang::SourceLocation Loc);
  void warnNotTraced(const clang::FunctionDecl *FD, llvm::StringRef Why);
  void warnOutputNotCaptured(const clang::FunctionDecl *FD, clang::SourceLocation Loc);
  std::string spanName(const clang::FunctionDecl *FD, const TraceRequest &Request) const;

  clang::Expr *stringLiteral(llvm::StringRef Text, clang::SourceLocation Loc);
  clang::Expr *unsignedLiteral(unsigned Value, clang::SourceLocation Loc);
  clang::Expr *boolLiteral(bool Value, clang::SourceLocation Loc);
  clang::Expr *declRef(clang::ValueDecl *D, clang::SourceLocation Loc);
  clang::ExprResult hookCall(llvm::StringRef Hook, llvm::ArrayRef<clang::Expr *> Args,
                             clang::SourceLocation Loc);
  clang::VarDecl *makeSiteVariable(clang::FunctionDecl *FD, const TraceRequest &Request,
                                   bool Explicit, clang::SourceLocation Loc);
  clang::VarDecl *makeSpanVariable(clang::FunctionDecl *FD, clang::VarDecl *Site,
                                   clang::SourceLocation Loc);
  clang::Stmt *recordArguments(clang::FunctionDecl *FD, clang::VarDecl *Span,
                               clang::SourceLocation Loc);
  void captureReturns(clang::FunctionDecl *FD, clang::VarDecl *Span, clang::Stmt *Body);
  clang::Stmt *returnThroughVariable(clang::FunctionDecl *FD, clang::VarDecl *Span,
                                     clang::ReturnStmt *Return, clang::Expr *Value);
  bool bodyCanThrow(clang::Stmt *Body);

  clang::Sema &S;
  clang::ASTContext &Ctx;
  bool RuntimeLookedUp = false;
  clang::DeclContext *DetailNamespace = nullptr; // ::mlflow::detail
  clang::CXXRecordDecl *FunctionSpanClass = nullptr;
  clang::CXXRecordDecl *FunctionSiteClass = nullptr;
  // For the function being instrumented: annotated (the hooks read C strings) or selected by
  // a name filter (they record a `const char*` as an address).
  bool ReadsCStrings = true;
  llvm::StringRef returnHook() const {
    return ReadsCStrings ? "record_return" : "record_unannotated_return";
  }
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_FUNCTIONINSTRUMENTER_H
