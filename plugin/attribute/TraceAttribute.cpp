//===- TraceAttribute.cpp - [[mlflow::trace]] and [[mlflow::no_capture]] -----===//
//
// Spellings, subject checks and argument checks of the two attributes, recorded as
// AnnotateAttrs (TraceRequest.h); and the "mlflow-trace-args" action that lets identifiers after
// the first argument through Clang's parser. The accepted forms, the diagnostics and the reasons
// for the action are in TraceAttribute.h. Tests: test/lit/attribute/.
//===----------------------------------------------------------------------------===//
#include "attribute/TraceAttribute.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "attribute/TraceRequest.h"
#include "inject/RuntimeInjection.h"
#include "support/ClangCompat.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/Token.h"
#include "clang/Sema/ExternalSemaSource.h"
#include "clang/Sema/Lookup.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/SemaConsumer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace mlflow::plugin {

namespace {

constexpr llvm::StringLiteral SpanTypeNames[] = {
#define MLFLOW_SPAN_TYPE(NAME, DEFAULT_LOG_LEVEL) #NAME,
#include <mlflow/span_types.def>
};

constexpr llvm::StringLiteral NoOutputOption = "no_output";

// At most a span type, a name and no_output. (OptArgs is set higher so that this file, not
// Clang's generic count check, says what is wrong.)
constexpr unsigned MaxTraceArgs = 3;

// The enum that holds the placeholder declarations of the "mlflow-trace-args" lookup.
constexpr llvm::StringLiteral PlaceholderEnumName = "__mlflow_trace_argument";

template <unsigned N>
auto report(clang::Sema& S, clang::SourceLocation Loc, clang::DiagnosticsEngine::Level Level,
            const char (&Format)[N]) {
  return S.Diag(Loc, S.getDiagnostics().getCustomDiagID(Level, Format));
}
constexpr auto Error = clang::DiagnosticsEngine::Error;
constexpr auto Warning = clang::DiagnosticsEngine::Warning;
constexpr auto Note = clang::DiagnosticsEngine::Note;

// The name as written, normalized: "mlflow::trace", "mlflow_trace", "trace".
std::string spelledName(const clang::ParsedAttr& A) { return A.getNormalizedFullName(); }

// The unscoped C++11 spelling exists only to make Clang parse the scoped one's arguments
// (TraceAttribute.h, limitation 1); written by itself it is not ours.
bool isUnscopedWorkaround(const clang::ParsedAttr& A) {
  return A.getSyntax() == clang::AttributeCommonInfo::AS_CXX11 && !A.hasScope();
}

void warnUnscoped(clang::Sema& S, const clang::ParsedAttr& A) {
  std::string Name = spelledName(A);
  report(S, A.getLoc(), Warning, "unknown attribute '%0' ignored; did you mean 'mlflow::%0'?")
      << Name << A.getRange();
}

// The candidate closest to Typed (ignoring case), if close enough to be a plausible typo: about
// one edit in three characters, at least one.
std::optional<llvm::StringRef> closest(llvm::StringRef Typed,
                                       llvm::ArrayRef<llvm::StringLiteral> Candidates) {
  unsigned Limit = std::max<unsigned>(1, (Typed.size() + 2) / 3);
  std::optional<llvm::StringRef> Best;
  unsigned BestDistance = Limit + 1;
  for (llvm::StringRef Candidate : Candidates) {
    unsigned Distance = Typed.edit_distance_insensitive(Candidate, /*AllowReplacements=*/true,
                                                        /*MaxEditDistance=*/Limit + 1);
    if (Distance < BestDistance) {
      BestDistance = Distance;
      Best = Candidate;
    }
  }
  return Best;
}

std::string spanTypeList() {
  std::string List;
  for (llvm::StringRef Type : SpanTypeNames) {
    if (!List.empty()) List += ", ";
    List += Type.str();
  }
  return List;
}

bool isPlaceholder(const clang::Decl* D) {
  const auto* Constant = llvm::dyn_cast_or_null<clang::EnumConstantDecl>(D);
  if (!Constant) return false;
  const auto* Enum = llvm::dyn_cast<clang::EnumDecl>(Constant->getDeclContext());
  return Enum && Enum->getIdentifier() && Enum->getName() == PlaceholderEnumName;
}

// An argument written as a bare name: the first argument (an IdentifierLoc), or a later one that
// Sema resolved, to a "mlflow-trace-args" placeholder or to a declaration of the user's.
struct Word {
  llvm::StringRef Text;
  clang::SourceLocation Loc;
  const clang::NamedDecl* UserDecl = nullptr;  // null for an identifier or a placeholder
};

std::optional<Word> wordAt(const clang::ParsedAttr& A, unsigned I) {
  if (A.isArgIdent(I)) {
    const clang::IdentifierLoc* IL = A.getArgAsIdent(I);
    const clang::IdentifierInfo* II = IL ? compat::identifierOf(IL) : nullptr;
    if (!II) return std::nullopt;
    return Word{II->getName(), compat::locationOf(IL)};
  }
  const clang::Expr* E = A.getArgAsExpr(I);
  if (!E) return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto* Ref = llvm::dyn_cast<clang::DeclRefExpr>(E)) {
    const clang::IdentifierInfo* II = Ref->getNameInfo().getName().getAsIdentifierInfo();
    if (!II || Ref->hasQualifier() || Ref->hasExplicitTemplateArgs()) return std::nullopt;
    const clang::NamedDecl* Target = Ref->getDecl();
    return Word{II->getName(), Ref->getLocation(), isPlaceholder(Target) ? nullptr : Target};
  }
  if (const auto* Lookup = llvm::dyn_cast<clang::UnresolvedLookupExpr>(E)) {
    const clang::IdentifierInfo* II = Lookup->getName().getAsIdentifierInfo();
    if (!II || Lookup->getQualifier() || Lookup->hasExplicitTemplateArgs()) return std::nullopt;
    const clang::NamedDecl* Target = Lookup->decls_begin() != Lookup->decls_end()
                                         ? *Lookup->decls_begin()
                                         : nullptr;
    return Word{II->getName(), Lookup->getNameLoc(), Target};
  }
  return std::nullopt;
}

// Reads the arguments of one [[mlflow::trace(...)]]; reports every problem found and returns
// nullopt if there was any.
std::optional<TraceRequest> parseTraceArguments(clang::Sema& S, const clang::ParsedAttr& A) {
  const std::string Name = spelledName(A);
  if (A.getNumArgs() > MaxTraceArgs) {
    clang::SourceLocation Loc = A.getLoc();
    if (const clang::Expr* Extra =
            A.isArgExpr(MaxTraceArgs) ? A.getArgAsExpr(MaxTraceArgs) : nullptr)
      Loc = Extra->getBeginLoc();
    report(S, Loc, Error,
           "'%0' takes at most 3 arguments: a span type, a \"span name\" and no_output")
        << Name << A.getRange();
    return std::nullopt;
  }

  TraceRequest Request;
  std::optional<llvm::StringRef> Type;  // as written
  std::optional<std::string> SpanName;
  bool NoOutput = false;
  bool Ok = true;

  for (unsigned I = 0, N = A.getNumArgs(); I != N; ++I) {
    if (std::optional<Word> W = wordAt(A, I)) {
      if (W->Text == NoOutputOption) {
        if (NoOutput) {
          report(S, W->Loc, Error, "'%0' option 'no_output' given twice") << Name;
          Ok = false;
        }
        NoOutput = true;
        continue;
      }
      if (isSpanType(W->Text)) {
        if (Type) {
          report(S, W->Loc, Error, "MLflow span type given twice: '%0' after '%1'")
              << W->Text << *Type;
          Ok = false;
        } else if (I != 0) {
          report(S, W->Loc, Error, "the MLflow span type '%0' must be the first argument of '%1'")
              << W->Text << Name;
          Ok = false;
        } else {
          Type = W->Text;
        }
        continue;
      }
      Ok = false;
      if (I == 0) {
        if (std::optional<llvm::StringRef> Guess = closest(W->Text, SpanTypeNames))
          report(S, W->Loc, Error, "unknown MLflow span type '%0'; did you mean '%1'?")
              << W->Text << *Guess;
        else
          report(S, W->Loc, Error, "unknown MLflow span type '%0'; expected one of %1")
              << W->Text << spanTypeList();
      } else if (W->UserDecl && llvm::isa<clang::VarDecl>(W->UserDecl)) {
        report(S, W->Loc, Error,
               "the span name in '%0' must be a string literal, not the variable '%1'")
            << Name << W->Text;
      } else if (closest(W->Text, NoOutputOption)) {
        report(S, W->Loc, Error, "unknown '%0' option '%1'; did you mean 'no_output'?")
            << Name << W->Text;
      } else {
        report(S, W->Loc, Error,
               "unknown '%0' option '%1'; expected no_output (a span type comes first, a span "
               "name is a string literal)")
            << Name << W->Text;
      }
      continue;
    }

    const clang::Expr* E = A.getArgAsExpr(I);
    if (!E) {  // the parser has already complained
      Ok = false;
      continue;
    }
    const auto* Literal = llvm::dyn_cast<clang::StringLiteral>(E->IgnoreParenImpCasts());
    if (!Literal) {
      report(S, E->getBeginLoc(), Error,
             "invalid '%0' argument; expected a span type such as CHAIN, a \"span name\" string "
             "literal, or no_output")
          << Name << E->getSourceRange();
      Ok = false;
      continue;
    }
    if (!Literal->isOrdinary() && !Literal->isUTF8()) {
      report(S, Literal->getBeginLoc(), Error,
             "the span name in '%0' must be an ordinary or u8 string literal")
          << Name << Literal->getSourceRange();
      Ok = false;
      continue;
    }
    llvm::StringRef Text = Literal->getString();
    if (SpanName) {
      report(S, Literal->getBeginLoc(), Error,
             "span name given twice in '%0': \"%1\" after \"%2\"")
          << Name << Text << *SpanName << Literal->getSourceRange();
      Ok = false;
      continue;
    }
    if (Text.empty()) {
      report(S, Literal->getBeginLoc(), Error,
             "empty span name in '%0'; leave it out to name the span after the function")
          << Name << Literal->getSourceRange();
      Ok = false;
      continue;
    }
    if (Text.contains('\0')) {
      report(S, Literal->getBeginLoc(), Error, "the span name in '%0' contains a NUL character")
          << Name << Literal->getSourceRange();
      Ok = false;
      continue;
    }
    SpanName = Text.str();
  }

  if (!Ok) return std::nullopt;
  if (Type) Request.SpanType = Type->str();
  if (SpanName) Request.Name = *SpanName;
  Request.CaptureOutput = !NoOutput;
  return Request;
}

//===-- "mlflow-trace-args": bare names after the first argument ------------===//
//
// See TraceAttribute.h, limitation 2. Three parts: TraceArgumentTokens remembers where the
// identifiers inside `trace(...)`/`mlflow_trace(...)` argument lists are (the Preprocessor's
// token watcher sees every token of the expanded stream, macro arguments included, before the
// parser acts on it); TraceArgumentLookup, an ExternalSemaSource, is asked by Sema only after
// ordinary lookup found nothing, and answers for those identifiers alone, and only while an
// attribute argument is being parsed, with a placeholder enumerator of the same name; the
// action installs both. Everything else resolves exactly as without the plugin.

class TraceArgumentTokens {
 public:
  void onToken(const clang::Token& T) {
    if (T.isAnnotation()) return;
    bool WasTraceName = AfterTraceName;
    AfterTraceName = false;
    switch (T.getKind()) {
      case clang::tok::l_paren:
        if (WasTraceName)
          Depth = 1;  // a new argument list (also after a parser backtrack)
        else if (Depth)
          ++Depth;
        return;
      case clang::tok::r_paren:
        if (Depth) --Depth;
        return;
      case clang::tok::identifier: {
        const clang::IdentifierInfo* II = T.getIdentifierInfo();
        if (!II) return;
        if (Depth == 1) Identifiers.insert(T.getLocation().getRawEncoding());
        llvm::StringRef Name = II->getName();
        AfterTraceName = Name == "trace" || Name == "__trace__" || Name == "mlflow_trace" ||
                         Name == "__mlflow_trace__";
        return;
      }
      case clang::tok::semi:
      case clang::tok::l_brace:
      case clang::tok::r_brace:
      case clang::tok::l_square:
      case clang::tok::r_square:
      case clang::tok::eof:
        Depth = 0;  // not an argument list of ours after all
        return;
      default:
        return;
    }
  }

  bool isTraceArgument(clang::SourceLocation Loc) const {
    return Identifiers.contains(Loc.getRawEncoding());
  }

 private:
  llvm::DenseSet<clang::SourceLocation::UIntTy> Identifiers;
  unsigned Depth = 0;  // > 0: inside a trace( argument list
  bool AfterTraceName = false;
};

class TraceArgumentLookup : public clang::ExternalSemaSource {
 public:
  TraceArgumentLookup(clang::Sema& S, std::shared_ptr<const TraceArgumentTokens> Tokens)
      : S(S), Tokens(std::move(Tokens)) {}

  bool LookupUnqualified(clang::LookupResult& R, clang::Scope*) override {
    if (R.getLookupKind() != clang::Sema::LookupOrdinaryName) return false;
    clang::IdentifierInfo* II = R.getLookupName().getAsIdentifierInfo();
    if (!II || !Tokens->isTraceArgument(R.getNameLoc())) return false;
    if (!compat::inAttributeArgument(S)) return false;
    R.addDecl(placeholder(II));
    return true;
  }

 private:
  clang::EnumConstantDecl* placeholder(clang::IdentifierInfo* II) {
    clang::EnumConstantDecl*& Slot = Placeholders[II];
    if (Slot) return Slot;
    clang::ASTContext& C = S.Context;
    if (!Enum) {
      // Implicit and never added to a DeclContext: invisible to lookup, AST dumps and CodeGen.
      Enum = clang::EnumDecl::Create(C, C.getTranslationUnitDecl(), clang::SourceLocation(),
                                     clang::SourceLocation(), &C.Idents.get(PlaceholderEnumName),
                                     /*PrevDecl=*/nullptr, /*IsScoped=*/false,
                                     /*IsScopedUsingClassTag=*/false, /*IsFixed=*/false);
      Enum->setImplicit();
    }
    llvm::APSInt Zero(C.getIntWidth(C.IntTy), /*isUnsigned=*/false);
    Slot = clang::EnumConstantDecl::Create(C, Enum, clang::SourceLocation(), II, C.IntTy,
                                           /*E=*/nullptr, Zero);
    Slot->setImplicit();
    return Slot;
  }

  clang::Sema& S;
  std::shared_ptr<const TraceArgumentTokens> Tokens;
  clang::EnumDecl* Enum = nullptr;
  llvm::DenseMap<const clang::IdentifierInfo*, clang::EnumConstantDecl*> Placeholders;
};

class TraceArgumentConsumer : public clang::SemaConsumer {
 public:
  explicit TraceArgumentConsumer(std::shared_ptr<const TraceArgumentTokens> Tokens)
      : Tokens(std::move(Tokens)) {}

  void InitializeSema(clang::Sema& S) override {
    compat::addExternalSource(S, llvm::makeIntrusiveRefCnt<TraceArgumentLookup>(S, Tokens));
  }

 private:
  std::shared_ptr<const TraceArgumentTokens> Tokens;
};

class TraceArgumentAction : public clang::PluginASTAction {
 public:
  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& CI,
                                                        llvm::StringRef) override {
    auto Tokens = std::make_shared<TraceArgumentTokens>();
    if (CI.hasPreprocessor()) {
      CI.getPreprocessor().setTokenWatcher(
          [Tokens](const clang::Token& T) { Tokens->onToken(T); });
      compat::announcePluginAttributes(CI.getPreprocessor());
    }
    return std::make_unique<TraceArgumentConsumer>(std::move(Tokens));
  }

  bool ParseArgs(const clang::CompilerInstance&, const std::vector<std::string>&) override {
    return true;
  }
};

}  // namespace

llvm::ArrayRef<llvm::StringLiteral> spanTypes() { return SpanTypeNames; }

bool isSpanType(llvm::StringRef Name) { return llvm::is_contained(SpanTypeNames, Name); }

//===-- mlflow::trace -------------------------------------------------------===//

TraceAttrInfo::TraceAttrInfo() {
  static constexpr Spelling TraceSpellings[] = {
      {clang::AttributeCommonInfo::AS_CXX11, "mlflow::trace"},
      {clang::AttributeCommonInfo::AS_CXX11, "trace"},  // limitation 1, rejected when used
      {clang::AttributeCommonInfo::AS_GNU, "mlflow_trace"},
  };
  Spellings = TraceSpellings;
  OptArgs = 15;  // the most the field holds; parseTraceArguments enforces MaxTraceArgs
}

bool TraceAttrInfo::diagAppertainsToDecl(clang::Sema& S, const clang::ParsedAttr& A,
                                         const clang::Decl* D) const {
  if (isUnscopedWorkaround(A)) return true;  // handleDeclAttribute warns and ignores it
  if (llvm::isa<clang::FunctionDecl>(D)) return true;
  report(S, A.getLoc(), Error, "'%0' only applies to functions") << spelledName(A)
                                                                  << A.getRange();
  if (const auto* Var = llvm::dyn_cast<clang::VarDecl>(D);
      Var && !Var->getType().isNull() && Var->getType()->getContainedAutoType())
    report(S, A.getLoc(), Note,
           "to trace a lambda, write the attribute after its introducer: "
           "[] [[mlflow::trace]] (...) { ... }");
  return false;
}

clang::ParsedAttrInfo::AttrHandling TraceAttrInfo::handleDeclAttribute(
    clang::Sema& S, clang::Decl* D, const clang::ParsedAttr& A) const {
  if (isUnscopedWorkaround(A)) {
    warnUnscoped(S, A);
    return AttributeNotApplied;
  }
  if (compat::scopedArgumentsDropped(S, A)) {
    report(S, A.getLoc(), Error,
           "this Clang skips the arguments of '%0' (a plugin attribute's, before Clang 17); "
           "write MLFLOW_TRACE(...) or __attribute__((mlflow_trace(...))) instead")
        << spelledName(A) << A.getRange();
    return AttributeNotApplied;
  }
  std::optional<TraceRequest> Request = parseTraceArguments(S, A);
  if (!Request) return AttributeNotApplied;
  std::string Encoded = Request->encode();

  for (const clang::AnnotateAttr* Existing : D->specific_attrs<clang::AnnotateAttr>()) {
    if (!Existing->getAnnotation().starts_with(TraceAnnotationPrefix)) continue;
    if (Existing->getAnnotation() == Encoded) return AttributeApplied;  // the same, repeated
    report(S, A.getLoc(), Error, "conflicting '%0' attributes on the same declaration")
        << spelledName(A) << A.getRange();
    report(S, Existing->getLocation(), Note, "the other one is here");
    return AttributeNotApplied;
  }
  D->addAttr(compat::traceAnnotation(S.Context, Encoded, A.getRange()));
  // This file traces something: the captures' definitions go after its last line. A template's
  // instantiations (and a member's or a lambda's in one) are instrumented at the end of the file,
  // after the tail: any of their values may need the captures of any type.
  RuntimeInjection::requireTail(S.getPreprocessor(), A.getLoc());
  if (D->isTemplated())
    RuntimeInjection::requireGenericCaptures(S.getPreprocessor(), A.getLoc());
  return AttributeApplied;
}

//===-- mlflow::no_capture --------------------------------------------------===//

NoCaptureAttrInfo::NoCaptureAttrInfo() {
  static constexpr Spelling NoCaptureSpellings[] = {
      {clang::AttributeCommonInfo::AS_CXX11, "mlflow::no_capture"},
      {clang::AttributeCommonInfo::AS_CXX11, "no_capture"},  // limitation 1, rejected when used
      {clang::AttributeCommonInfo::AS_GNU, "mlflow_no_capture"},
  };
  Spellings = NoCaptureSpellings;
  OptArgs = 15;  // so that handleDeclAttribute, not Clang, reports arguments
}

bool NoCaptureAttrInfo::diagAppertainsToDecl(clang::Sema& S, const clang::ParsedAttr& A,
                                             const clang::Decl* D) const {
  if (isUnscopedWorkaround(A)) return true;
  if (llvm::isa<clang::ParmVarDecl>(D)) return true;
  report(S, A.getLoc(), Error, "'%0' only applies to function parameters") << spelledName(A)
                                                                            << A.getRange();
  return false;
}

clang::ParsedAttrInfo::AttrHandling NoCaptureAttrInfo::handleDeclAttribute(
    clang::Sema& S, clang::Decl* D, const clang::ParsedAttr& A) const {
  if (isUnscopedWorkaround(A)) {
    warnUnscoped(S, A);
    return AttributeNotApplied;
  }
  if (A.getNumArgs() != 0) {
    report(S, A.getLoc(), Error, "'%0' takes no arguments") << spelledName(A) << A.getRange();
    return AttributeNotApplied;
  }
  for (const clang::AnnotateAttr* Existing : D->specific_attrs<clang::AnnotateAttr>())
    if (Existing->getAnnotation() == NoCaptureAnnotation) return AttributeApplied;
  D->addAttr(
      clang::AnnotateAttr::Create(S.Context, NoCaptureAnnotation, nullptr, 0, A.getRange()));
  return AttributeApplied;
}

}  // namespace mlflow::plugin

static clang::ParsedAttrInfoRegistry::Add<mlflow::plugin::TraceAttrInfo> RegisterTrace(
    "mlflow-trace", "[[mlflow::trace(TYPE, \"name\", no_output)]]: trace this function");
static clang::ParsedAttrInfoRegistry::Add<mlflow::plugin::NoCaptureAttrInfo> RegisterNoCapture(
    "mlflow-no-capture", "[[mlflow::no_capture]]: do not record this parameter");
static clang::FrontendPluginRegistry::Add<mlflow::plugin::TraceArgumentAction>
    RegisterTraceArguments("mlflow-trace-args",
                           "Lets [[mlflow::trace]] take bare names after its first argument");
