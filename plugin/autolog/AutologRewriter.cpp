//===- AutologRewriter.cpp - Find the client calls in a body and redirect them ===//
#include "autolog/AutologRewriter.h"

#include "autolog/AutologRegistry.h"
#include "inject/RuntimeInjection.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace mlflow::plugin {

std::vector<std::string> autologIntegrationIds() {
  std::vector<std::string> Ids;
#define MLFLOW_AUTOLOG_INTEGRATION(CLASS, ID) Ids.push_back(ID);
  MLFLOW_AUTOLOG_INTEGRATIONS
#undef MLFLOW_AUTOLOG_INTEGRATION
  return Ids;
}

AutologRewriter::AutologRewriter(CompilerInstance &CI, RuntimeInjection &Injection,
                                 const AutologSelection &Selection, bool Debug)
    : CI(CI), Injection(Injection), Debug(Debug) {
#define MLFLOW_AUTOLOG_INTEGRATION(CLASS, ID)                                                     \
  if (Selection.selects(ID))                                                                     \
    Integrations.push_back(std::make_unique<CLASS>());
  MLFLOW_AUTOLOG_INTEGRATIONS
#undef MLFLOW_AUTOLOG_INTEGRATION
  for (const auto &Integration : Integrations)
    for (const RedirectedCallee &Callee : Integration->callees()) {
      llvm::StringRef Name = Callee.QualifiedName;
      if (size_t Colons = Name.rfind("::"); Colons != llvm::StringRef::npos)
        Name = Name.drop_front(Colons + 2);
      ByName[Name].push_back({Integration.get(), &Callee});
    }
}

AutologRewriter::~AutologRewriter() = default;

void AutologRewriter::initialize(Sema &S) { Redirects = std::make_unique<CallSiteRedirect>(S); }
void AutologRewriter::forgetSema() { Redirects.reset(); }

const AutologRewriter::Candidate *AutologRewriter::match(const FunctionDecl *Callee) const {
  const IdentifierInfo *Name = Callee->getIdentifier();
  if (!Name)
    return nullptr; // operators, conversions, constructors
  auto Found = ByName.find(Name->getName());
  if (Found == ByName.end())
    return nullptr;
  std::string Qualified = Callee->getQualifiedNameAsString();
  for (const Candidate &C : Found->second)
    if (C.Callee->QualifiedName == Qualified)
      return &C;
  return nullptr;
}

// Whether a header at Path is the client header Own: the same file name, or for an entry with a
// directory ("cpr/api.h", for a client whose file names are common words), the same last path
// components.
static bool isOwnHeader(llvm::StringRef Path, llvm::StringRef Own) {
  if (!Own.contains('/'))
    return llvm::sys::path::filename(Path) == Own;
  return Path == Own || (Path.ends_with(Own) && Path.drop_back(Own.size()).ends_with("/"));
}

bool AutologRewriter::writtenByUser(SourceLocation Loc) {
  const SourceManager &SM = CI.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc) || Injection.isInTail(Loc))
    return false;
  FileID File = SM.getFileID(Loc);
  if (auto Known = UserFiles.find(File); Known != UserFiles.end())
    return Known->second;
  bool User = true;
  if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File)) {
    for (const auto &Integration : Integrations)
      for (llvm::StringRef Own : Integration->ownHeaders())
        User = User && !isOwnHeader(Entry->getName(), Own);
  } else {
    User = false; // <built-in>, <command line>: the compiler's, not the user's
  }
  UserFiles[File] = User;
  return User;
}

// The function a callee's qualified name declares in this file, as unqualified lookup from the
// translation unit finds it through its namespaces (and classes); null when it is not declared.
static const FunctionDecl *declaredFunction(ASTContext &Ctx, llvm::StringRef QualifiedName) {
  const DeclContext *Scope = Ctx.getTranslationUnitDecl();
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  QualifiedName.split(Parts, "::");
  for (size_t I = 0; I < Parts.size() && Scope; ++I) {
    auto Found = Scope->lookup(&Ctx.Idents.get(Parts[I]));
    const DeclContext *Next = nullptr;
    for (const NamedDecl *D : Found) {
      if (I + 1 == Parts.size()) {
        if (const auto *FD = dyn_cast<FunctionDecl>(D))
          return FD;
      } else if (const auto *DC = dyn_cast<DeclContext>(D)) {
        Next = DC;
        break;
      }
    }
    Scope = Next;
  }
  return nullptr;
}

static std::string canonicalType(const FunctionDecl *FD) {
  return FD->getType().getCanonicalType().getAsString();
}

// Whether the file declares every callee of C's integration that has an expected type with that
// type (or not at all): checked once per file, at the integration's first call, so that either
// all of its calls in the file are redirected or none is. A callee declared otherwise (the file
// was built against another release of the client) leaves them all as written, with one
// warning that says which declaration differs and which release the integration supports.
bool AutologRewriter::typesSupported(const Candidate &C, const FunctionDecl *Callee,
                                     SourceLocation Loc) {
  auto [Verdict, First] = TypesSupported.try_emplace(C.Integration, true);
  if (!First)
    return Verdict->second;
  const FunctionDecl *Differs = nullptr;
  llvm::StringRef Expected;
  if (!C.Callee->ExpectedType.empty() && canonicalType(Callee) != C.Callee->ExpectedType) {
    Differs = Callee;
    Expected = C.Callee->ExpectedType;
  }
  for (const RedirectedCallee &Other : C.Integration->callees()) {
    if (Differs)
      break;
    if (Other.ExpectedType.empty())
      continue;
    const FunctionDecl *FD = declaredFunction(CI.getASTContext(), Other.QualifiedName);
    if (FD && canonicalType(FD) != Other.ExpectedType) {
      Differs = FD;
      Expected = Other.ExpectedType;
    }
  }
  if (!Differs)
    return true;
  Verdict->second = false;
  DiagnosticsEngine &Diags = CI.getDiagnostics();
  Diags.Report(Loc, Diags.getCustomDiagID(
                        DiagnosticsEngine::Warning,
                        "mlflow plugin: the %0 calls in this file are not traced: '%1' is "
                        "declared as '%2', not as the %0 integration expects ('%3'); it "
                        "supports %4"))
      << C.Integration->id() << Differs->getQualifiedNameAsString() << canonicalType(Differs)
      << Expected << C.Integration->supportedRelease();
  Diags.Report(Differs->getLocation(),
               Diags.getCustomDiagID(DiagnosticsEngine::Note, "'%0' declared here"))
      << Differs->getQualifiedNameAsString();
  return false;
}

namespace {
// Notes each client header the preprocessor enters, so that the tail brings in its adapter.
class ClientHeaderWatcher : public PPCallbacks {
public:
  // Headers: file name -> (entry in ownHeaders(), integration id).
  using HeaderTable = llvm::StringMap<std::vector<std::pair<llvm::StringRef, llvm::StringRef>>>;
  ClientHeaderWatcher(Preprocessor &PP, const SourceManager &SM, HeaderTable Headers)
      : PP(PP), SM(SM), Headers(std::move(Headers)) {}
  void FileChanged(SourceLocation Loc, FileChangeReason Reason, SrcMgr::CharacteristicKind,
                   FileID) override {
    if (Reason != EnterFile)
      return;
    OptionalFileEntryRef Entry = SM.getFileEntryRefForID(SM.getFileID(Loc));
    if (!Entry)
      return;
    auto Found = Headers.find(llvm::sys::path::filename(Entry->getName()));
    if (Found != Headers.end())
      for (auto [Own, Id] : Found->second)
        if (isOwnHeader(Entry->getName(), Own))
          RuntimeInjection::noteClientHeader(PP, Id, Loc);
  }

private:
  Preprocessor &PP;
  const SourceManager &SM;
  HeaderTable Headers;
};
} // namespace

std::vector<AutologAdapter> AutologRewriter::adapters() const {
  std::vector<AutologAdapter> Adapters;
  for (const auto &Integration : Integrations)
    Adapters.push_back({Integration->id().str(), Integration->guardMacro().str()});
  return Adapters;
}

void AutologRewriter::watchIncludes(Preprocessor &PP) {
  if (!enabled())
    return;
  ClientHeaderWatcher::HeaderTable Headers;
  for (const auto &Integration : Integrations)
    for (llvm::StringRef Header : Integration->ownHeaders())
      Headers[llvm::sys::path::filename(Header)].push_back({Header, Integration->id()});
  PP.addPPCallbacks(std::make_unique<ClientHeaderWatcher>(PP, CI.getSourceManager(),
                                                          std::move(Headers)));
}

Expr *AutologRewriter::redirect(CallExpr *Call) {
  auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
  if (!Callee || isa<CXXOperatorCallExpr>(Call))
    return nullptr;
  // A call through a pointer names no function: getCalleeDecl() only looks through the
  // function-to-pointer decay of a direct call, so `fp(h)` has no callee here.
  const Candidate *C = match(Callee);
  if (!C || !writtenByUser(Call->getBeginLoc()))
    return nullptr;
  SourceLocation Loc = Call->getBeginLoc();
  if (!typesSupported(*C, Callee, Loc) || C->Callee->Tag.empty())
    return nullptr; // another release's header, or a callee that is only checked
  if (!Redirects->runtimeDeclared(Loc)) {
    if (!ReportedNoRuntime) {
      ReportedNoRuntime = true;
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      Diags.Report(Loc, Diags.getCustomDiagID(
                            DiagnosticsEngine::Remark,
                            "mlflow plugin: this call to '%0' is not traced (autolog needs C++17 "
                            "or later and mlflow-cpp's include directory on the include path)"))
          << Callee->getQualifiedNameAsString();
    }
    return nullptr;
  }
  // Only to an adapter that exists: before the tail, one the tail will bring in (the client's
  // header was read); after it (a template instantiated at the end of the translation unit),
  // one it brought in.
  if (Redirects->adaptersIncluded(Loc)
          ? !Redirects->adapterDefined(C->Callee->Tag, Loc)
          : !RuntimeInjection::adapterWillBeIncluded(
                CI.getPreprocessor(),
                {C->Integration->id().str(), C->Integration->guardMacro().str()}))
    return nullptr;
  Expr *New = Redirects->build(Call, Callee, C->Callee->Tag);
  if (!New)
    return nullptr;
  if (Debug) {
    PresumedLoc Where = CI.getSourceManager().getPresumedLoc(
        CI.getSourceManager().getExpansionLoc(Loc));
    llvm::errs() << "mlflow plugin: autolog " << C->Integration->id() << ": "
                 << C->Callee->QualifiedName << " at "
                 << (Where.isValid() ? llvm::sys::path::filename(Where.getFilename()) : "?")
                 << ":" << (Where.isValid() ? Where.getLine() : 0) << "\n";
  }
  return New;
}

Stmt *AutologRewriter::rewrite(Stmt *S) {
  if (!S)
    return S;
  // Not evaluated: nothing to trace, and the operand's type must stay the callee's.
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, CXXTypeidExpr, RequiresExpr,
          ConceptSpecializationExpr>(S))
    return S;
  if (const auto *E = dyn_cast<Expr>(S); E && E->isInstantiationDependent())
    return S; // a generic lambda's body: its instantiations come on their own
  for (Stmt *&Child : S->children())
    Child = rewrite(Child);
  if (auto *Call = dyn_cast<CallExpr>(S))
    if (Expr *New = redirect(Call))
      return New;
  return S;
}

void AutologRewriter::rewriteCallsIn(FunctionDecl *FD) {
  if (!enabled() || !Redirects || !FD->hasBody())
    return;
  Stmt *Body = FD->getBody();
  Stmt *New = rewrite(Body);
  (void)New; // a body is a statement, never a call: it stays the same node
}

void AutologRewriter::rewriteCallsIn(VarDecl *VD) {
  if (!enabled() || !Redirects || !VD->getInit() || VD->getInit()->isInstantiationDependent())
    return;
  if (Stmt *New = rewrite(VD->getInit()); New != VD->getInit())
    VD->setInit(cast<Expr>(New));
}

} // namespace mlflow::plugin
