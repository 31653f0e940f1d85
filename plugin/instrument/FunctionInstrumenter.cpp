//===- FunctionInstrumenter.cpp - Turn a function body into a span --------===//
#include "instrument/FunctionInstrumenter.h"

#include "instrument/ArgumentCapture.h"
#include "instrument/ExceptionHandler.h"
#include "instrument/HookBuilder.h"
#include "instrument/ReturnCapture.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Sema/Lookup.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace mlflow::plugin {
namespace {

constexpr llvm::StringLiteral SpanVariableName = "__mlflow_span";
constexpr llvm::StringLiteral SiteVariableName = "__mlflow_site";

// Looks Name up in DC; null unless it names exactly one declaration of kind T.
template <class T>
T *lookupOne(Sema &S, DeclContext *DC, llvm::StringRef Name, Sema::LookupNameKind Kind,
             SourceLocation Loc) {
  LookupResult R(S, &S.Context.Idents.get(Name), Loc, Kind);
  S.LookupQualifiedName(R, DC);
  return R.isSingleResult() ? dyn_cast<T>(R.getFoundDecl()) : nullptr;
}

} // namespace

FunctionInstrumenter::FunctionInstrumenter(Sema &S, bool GuardExceptions)
    : S(S), Ctx(S.Context), GuardExceptions(GuardExceptions) {}

bool FunctionInstrumenter::isInstrumented(const FunctionDecl *FD) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body)
    return false;
  // The span variable comes first or second (after the site constant).
  unsigned Seen = 0;
  for (const Stmt *Statement : Body->body()) {
    if (++Seen > 2)
      break;
    const auto *Decl = dyn_cast<DeclStmt>(Statement);
    if (!Decl || !Decl->isSingleDecl())
      return false;
    const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl());
    if (Var && Var->getIdentifier() && Var->getName() == SpanVariableName)
      return true;
  }
  return false;
}

bool FunctionInstrumenter::findRuntime(SourceLocation Loc) {
  if (RuntimeLookedUp)
    return FunctionSpanClass != nullptr;
  RuntimeLookedUp = true;
  auto *TU = Ctx.getTranslationUnitDecl();
  auto *Mlflow = lookupOne<NamespaceDecl>(S, TU, "mlflow", Sema::LookupNamespaceName, Loc);
  if (!Mlflow)
    return false;
  // Qualified lookup sees through the runtime's inline ABI namespace (mlflow::v0::detail).
  auto *Detail = lookupOne<NamespaceDecl>(S, Mlflow, "detail", Sema::LookupNamespaceName, Loc);
  if (!Detail)
    return false;
  DetailNamespace = Detail;
  FunctionSpanClass =
      lookupOne<CXXRecordDecl>(S, Detail, "FunctionSpan", Sema::LookupOrdinaryName, Loc);
  FunctionSiteClass =
      lookupOne<CXXRecordDecl>(S, Detail, "FunctionSite", Sema::LookupOrdinaryName, Loc);
  GuardedFunctionSpanClass =
      lookupOne<CXXRecordDecl>(S, Detail, "GuardedFunctionSpan", Sema::LookupOrdinaryName, Loc);
  if (!FunctionSpanClass || !FunctionSiteClass) {
    FunctionSpanClass = nullptr;
    return false;
  }
  return true;
}

void FunctionInstrumenter::warnNotTraced(const FunctionDecl *FD, llvm::StringRef Why) {
  DiagnosticsEngine &Diags = S.getDiagnostics();
  unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Warning,
                                      "%0 is not traced: %1 [mlflow-trace]");
  Diags.Report(FD->getLocation(), ID) << FD << Why;
}

std::string FunctionInstrumenter::spanName(const FunctionDecl *FD,
                                           const TraceRequest &Request) const {
  if (!Request.Name.empty())
    return Request.Name;
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  if (Method && Method->getParent()->isLambda()) {
    // A lambda has no name of its own; its place in the source is the next best thing.
    PresumedLoc P = Ctx.getSourceManager().getPresumedLoc(Method->getParent()->getLocation());
    if (P.isValid())
      return ("lambda@" + llvm::sys::path::filename(P.getFilename()) + ":" +
              llvm::Twine(P.getLine()))
          .str();
    return "lambda";
  }
  // Python's decorator uses __name__; template instantiations are told apart: twice<int>.
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  FD->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/false);
  return OS.str();
}

// `static constexpr ::mlflow::detail::FunctionSite __mlflow_site{...};`: the literals the span
// needs, in static storage, so that entering the function passes one pointer instead of seven
// arguments. (Allowed in the constant evaluation of a constexpr function before C++23 too: the
// rule against static variables there is checked by the parser, and constant evaluation only
// takes the constant's address.)
VarDecl *FunctionInstrumenter::makeSiteVariable(HookBuilder &Hooks, FunctionDecl *FD,
                                                const TraceRequest &Request, bool Explicit,
                                                SourceLocation Loc) {
  QualType Type = Ctx.getTypeDeclType(FunctionSiteClass).withConst();
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(SiteVariableName), Type,
                              Ctx.getTrivialTypeSourceInfo(Type, Loc), SC_Static);
  Var->setConstexpr(true);
  std::string Qualified;
  llvm::raw_string_ostream OS(Qualified);
  FD->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/true);
  PresumedLoc Where = Ctx.getSourceManager().getPresumedLoc(FD->getLocation());
  Expr *Fields[] = {Hooks.stringLiteral(spanName(FD, Request), Loc),
                    Hooks.stringLiteral(Request.SpanType, Loc),
                    Hooks.stringLiteral(spanName(FD, TraceRequest()), Loc),
                    Hooks.stringLiteral(OS.str(), Loc),
                    Hooks.stringLiteral(Where.isValid() ? Where.getFilename() : "", Loc),
                    Hooks.unsignedLiteral(Where.isValid() ? Where.getLine() : 0, Loc),
                    Hooks.boolLiteral(Explicit, Loc),
                    Request.LlmFormat.empty()
                        ? static_cast<Expr *>(new (Ctx) CXXNullPtrLiteralExpr(Ctx.NullPtrTy, Loc))
                        : Hooks.stringLiteral(Request.LlmFormat, Loc)};
  ExprResult Init = S.ActOnInitList(Loc, Fields, Loc);
  if (Init.isInvalid())
    return nullptr;
  S.AddInitializerToDecl(Var, Init.get(), /*DirectInit=*/false);
  if (Var->isInvalidDecl() || !Var->getInit())
    return nullptr;
  Var->setIsUsed();
  return Var;
}

// `::mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);` (or GuardedFunctionSpan)
VarDecl *FunctionInstrumenter::makeSpanVariable(HookBuilder &Hooks, FunctionDecl *FD,
                                                VarDecl *Site, CXXRecordDecl *SpanClass,
                                                SourceLocation Loc) {
  QualType Type = Ctx.getTypeDeclType(SpanClass);
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(SpanVariableName), Type,
                              Ctx.getTrivialTypeSourceInfo(Type, Loc), SC_None);
  Expr *SiteRef = Hooks.declRef(Site, Loc);
  if (!SiteRef)
    return nullptr;
  Expr *Args[] = {SiteRef};
  ExprResult Init = S.ActOnParenListExpr(Loc, Loc, Args);
  if (Init.isInvalid())
    return nullptr;
  S.AddInitializerToDecl(Var, Init.get(), /*DirectInit=*/true);
  if (Var->isInvalidDecl())
    return nullptr;
  Var->setIsUsed();
  return Var;
}

FunctionInstrumenter::Outcome
FunctionInstrumenter::instrument(FunctionDecl *FD, const TraceRequest &Request, bool Explicit) {
  auto NotTraced = [&](llvm::StringRef Why) {
    if (Explicit)
      warnNotTraced(FD, Why);
    return Outcome::Unsupported;
  };
  if (FD->isDeleted() || FD->isExplicitlyDefaulted())
    return NotTraced("a defaulted or deleted function has no body to trace");
  if (!FD->doesThisDeclarationHaveABody() || FD->isDependentContext() || FD->isInvalidDecl())
    return Outcome::NotADefinition;
  if (isInstrumented(FD))
    return Outcome::AlreadyDone;
  if (FD->isConsteval())
    return NotTraced("a consteval function runs only at compile time");
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  bool IsLambda = Method && Method->getParent()->isLambda();
  // From C++20 on the span is a literal type that does nothing in constant evaluation; before,
  // a constexpr function with a span could no longer be evaluated at compile time.
  if (FD->isConstexpr() && !IsLambda && !S.getLangOpts().CPlusPlus20)
    return NotTraced("constexpr functions are traced only from C++20 on (-std=c++20), where "
                     "constant evaluation of them keeps working");
  Stmt *Body = FD->getBody();
  if (isa<CoroutineBodyStmt>(Body))
    return NotTraced("coroutines are not supported yet");
  if (isa<CXXTryStmt>(Body))
    return NotTraced("function-try-blocks are not supported");
  auto *Compound = dyn_cast<CompoundStmt>(Body);
  if (!Compound)
    return NotTraced("its body has an unexpected form");
  SourceLocation Loc = Compound->getLBracLoc();
  if (!findRuntime(Loc)) {
    DiagnosticsEngine &Diags = S.getDiagnostics();
    unsigned ID = Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "%0 is marked for tracing but the mlflow-cpp runtime is not declared; "
        "#include <mlflow/trace.h> [mlflow-trace]");
    Diags.Report(FD->getLocation(), ID) << FD;
    return Outcome::NoRuntime;
  }

  // Build the new statements as the parser would inside FD.
  Sema::ContextRAII SavedContext(S, FD);
  S.PushFunctionScope();
  S.PushExpressionEvaluationContext(Sema::ExpressionEvaluationContext::PotentiallyEvaluated);
  auto PopScopes = llvm::make_scope_exit([&] {
    S.PopExpressionEvaluationContext();
    S.PopFunctionScopeInfo();
  });

  // A `const char*` is read as a C string in an annotated function only (FunctionSite).
  HookBuilder Hooks(S, DetailNamespace, /*ReadsCStrings=*/Explicit);
  // Exceptions: recorded on the way out. By a handler that rethrows them unchanged, or, under
  // exceptions=guard, by the span noticing the unwinding (no handler: the throw site stays on
  // the stack). Without exceptions (-fno-exceptions), or when the body cannot throw, there is
  // nothing to record. (Decided before the returns are rewritten: the hooks are noexcept.)
  ExceptionHandler Handler(Hooks);
  bool Guarded = GuardExceptions && GuardedFunctionSpanClass && Handler.isNeeded(Compound);
  VarDecl *Site = makeSiteVariable(Hooks, FD, Request, Explicit, Loc);
  VarDecl *Span =
      Site ? makeSpanVariable(Hooks, FD, Site,
                              Guarded ? GuardedFunctionSpanClass : FunctionSpanClass, Loc)
           : nullptr;
  if (!Span)
    return NotTraced("the mlflow-cpp runtime's FunctionSpan could not be constructed");
  llvm::SmallVector<Stmt *, 8> Statements;
  Statements.push_back(new (Ctx) DeclStmt(DeclGroupRef(Site), Loc, Loc));
  Statements.push_back(new (Ctx) DeclStmt(DeclGroupRef(Span), Loc, Loc));
  if (Request.Inputs)
    for (const std::string &Name : *Request.Inputs)
      if (llvm::none_of(FD->parameters(),
                        [&](const ParmVarDecl *P) { return P->getName() == Name; }))
        S.getDiagnostics().Report(
            FD->getLocation(),
            S.getDiagnostics().getCustomDiagID(
                DiagnosticsEngine::Warning,
                "the autolog rule's inputs= names '%0', which is not a parameter of %1 "
                "[mlflow-trace]"))
            << Name << FD;
  if (Stmt *Inputs = ArgumentCapture(Hooks).build(FD, Span, Loc,
                                                  Request.Inputs ? &*Request.Inputs : nullptr))
    Statements.push_back(Inputs);

  if (Request.CaptureOutput)
    ReturnCapture(Hooks, Explicit).rewrite(FD, Span, Compound);

  if (!Guarded && Handler.isNeeded(Compound)) {
    Stmt *Try = Handler.wrap(Compound, Span, Loc);
    if (!Try)
      return NotTraced("the exception handler could not be built");
    Statements.push_back(Try);
  } else {
    Statements.push_back(Compound);
  }

  FD->setBody(CompoundStmt::Create(Ctx, Statements, FPOptionsOverride(), Loc,
                                   Compound->getRBracLoc()));
  return Outcome::Instrumented;
}

} // namespace mlflow::plugin
