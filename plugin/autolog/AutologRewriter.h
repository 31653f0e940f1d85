//===- AutologRewriter.h - Find the client calls in a body and redirect them ===//
//
// The consumer hands every function body of the user's code here, before CodeGen sees it. A
// call is redirected (CallSiteRedirect) when all of these hold:
//   - its direct callee is one an enabled integration takes (AutologRegistry.h), matched by
//     qualified name, so every overload and both call forms (ptr->f(), obj.f()) are covered;
//   - it is written in the user's code: not in a system header, not in a header that is the
//     client's own (the client calling itself), not in what the plugin itself added;
//   - it is evaluated (not inside sizeof, decltype, noexcept, typeid, requires);
//   - the runtime's autolog templates are declared (C++17 and the runtime on the include path);
//   - the file declares the integration's callees with the types its adapter was written for
//     (RedirectedCallee::ExpectedType; otherwise none of its calls is, and the plugin warns once).
// Calls through a function pointer are not redirected: the callee is not known until run time.
// Reading one of an integration's client headers switches its adapter on in the plugin's tail;
// a call is redirected only to an adapter that will be there.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREWRITER_H
#define MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREWRITER_H

#include "autolog/AutologIntegration.h"
#include "autolog/CallSiteRedirect.h"
#include "inject/RuntimeInjection.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
class Preprocessor;
}

namespace mlflow::plugin {

// Which integrations are on: the plugin argument autolog=all (default), none, or a list of ids.
struct AutologSelection {
  bool All = true;
  llvm::StringSet<> Ids;
  bool selects(llvm::StringRef Id) const { return All || Ids.contains(Id); }
};

// The ids of every registered integration, in registry order.
std::vector<std::string> autologIntegrationIds();

class AutologRewriter {
public:
  AutologRewriter(clang::CompilerInstance &CI, RuntimeInjection &Injection,
                  const AutologSelection &Selection, bool Debug);
  ~AutologRewriter();

  void initialize(clang::Sema &S);
  void forgetSema();
  bool enabled() const { return !ByName.empty(); }

  // Redirects the client calls in a function body of the user's code.
  void rewriteCallsIn(clang::FunctionDecl *FD);
  // The same in an initializer at namespace scope.
  void rewriteCallsIn(clang::VarDecl *VD);
  // Before the main file is read: the adapters the tail may bring in, and the watch on the
  // client headers that switches each one on.
  std::vector<AutologAdapter> adapters() const;
  void watchIncludes(clang::Preprocessor &PP);

private:
  struct Candidate {
    const AutologIntegration *Integration;
    const RedirectedCallee *Callee;
  };
  const Candidate *match(const clang::FunctionDecl *Callee) const;
  bool writtenByUser(clang::SourceLocation Loc);
  bool typesSupported(const Candidate &C, const clang::FunctionDecl *Callee,
                      clang::SourceLocation Loc);
  clang::Stmt *rewrite(clang::Stmt *S);
  clang::Expr *redirect(clang::CallExpr *Call);

  clang::CompilerInstance &CI;
  RuntimeInjection &Injection;
  const bool Debug;
  std::vector<std::unique_ptr<AutologIntegration>> Integrations;
  // Callees by their unqualified name: a cheap first test before the qualified name is built.
  llvm::StringMap<std::vector<Candidate>> ByName;
  std::unique_ptr<CallSiteRedirect> Redirects;
  llvm::DenseMap<clang::FileID, bool> UserFiles;
  // Per integration with expected callee types: whether this file's declarations have them.
  llvm::DenseMap<const AutologIntegration *, bool> TypesSupported;
  bool ReportedNoRuntime = false;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREWRITER_H
