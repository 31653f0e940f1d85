//===- CallSiteRedirect.h - Send one call through a runtime adapter -------===//
//
// The one rewrite every integration uses. A call of a known client function
//
//     curl_easy_perform(handle)                 client.Post("/v1/chat/completions", body, type)
//
// becomes, with Sema, as if the user had written
//
//     ::mlflow::detail::autolog::Redirect<tags::libcurl_perform, CURLcode (*)(CURL *),
//         &curl_easy_perform, CURLcode, CURL *>::call(handle)
//     ::mlflow::detail::autolog::Redirect<tags::cpp_httplib_post, Result (Client::*)(...),
//         &Client::Post, Result, Client &, const std::string &, ...>::call(client, "/v1/...", ...)
//
// Redirect<...>::call has the callee's own parameter types (the object first, for a member),
// so the call's arguments are passed exactly as before: the conversions, temporaries and default
// arguments that overload resolution chose for the original call are reused as they are, and
// the call's type and value category are the original's (checked; otherwise the call is left
// as written). The adapter (<mlflow/detail/autolog/<id>.h>) is instantiated at the end of the
// translation unit, after the plugin's tail brought it in (inject/RuntimeInjection.h).
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_CALLSITEREDIRECT_H
#define MLFLOW_PLUGIN_AUTOLOG_CALLSITEREDIRECT_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/StringRef.h"

namespace mlflow::plugin {

class CallSiteRedirect {
public:
  explicit CallSiteRedirect(clang::Sema &S) : S(S), Ctx(S.Context) {}

  // Whether <mlflow/detail/prelude.h> declared the autolog templates in this translation unit.
  bool runtimeDeclared(clang::SourceLocation Loc);

  // The redirected call for Call (whose direct callee is Callee), through the adapter of Tag;
  // null when it cannot be built exactly (the call is then left as written).
  clang::Expr *build(clang::CallExpr *Call, clang::FunctionDecl *Callee, llvm::StringRef Tag);

  // Whether the adapter for Tag has been defined (the tail included its header): checked before
  // redirecting a call in a template instantiated at the end of the translation unit.
  bool adapterDefined(llvm::StringRef Tag, clang::SourceLocation Loc);
  // Whether the tail's <mlflow/detail/autolog/redirect.h> has been read (Redirect<...>::call is
  // defined): a redirect made after it needs its adapter to be defined already.
  bool adaptersIncluded(clang::SourceLocation Loc);

private:
  clang::CXXRecordDecl *tag(llvm::StringRef Name, clang::SourceLocation Loc);
  clang::Expr *addressOf(clang::FunctionDecl *Callee, clang::SourceLocation Loc);

  clang::Sema &S;
  clang::ASTContext &Ctx;
  bool LookedUp = false;
  clang::NamespaceDecl *Autolog = nullptr;
  clang::NamespaceDecl *Tags = nullptr;
  clang::ClassTemplateDecl *Redirect = nullptr;
  clang::ClassTemplateDecl *Adapter = nullptr;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_AUTOLOG_CALLSITEREDIRECT_H
