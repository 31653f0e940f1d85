//===- FunctionInstrumenter.cpp - Turn a function body into a span --------===//
#include "FunctionInstrumenter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Sema/Initialization.h"
#include "clang/Sema/Lookup.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace mlflow::plugin {
namespace {

constexpr llvm::StringLiteral SpanVariableName = "__mlflow_span";

// The places (parent slots) of the return statements that belong to this function: not those
// of lambdas, blocks or local classes inside it, which return from other functions. Slots, so
// that a return can be replaced by a block.
void collectReturnSlots(Stmt *Parent, llvm::SmallVectorImpl<Stmt **> &Slots) {
  for (Stmt *&Child : Parent->children()) {
    if (!Child || isa<LambdaExpr, BlockExpr>(Child))
      continue;
    if (isa<ReturnStmt>(Child))
      Slots.push_back(&Child);
    else
      collectReturnSlots(Child, Slots);
  }
}

// The local variable (or parameter) that `return E;` returns by name, seen through the
// conversions Sema wrapped around it (lvalue-to-rvalue, the implicit move, the copy/move
// constructor call that NRVO elides).
const VarDecl *returnedLocal(Expr *E) {
  while (E) {
    E = E->IgnoreImplicit();
    if (auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() != 1 || !Construct->getConstructor()->isCopyOrMoveConstructor())
        return nullptr;
      E = Construct->getArg(0);
      continue;
    }
    if (auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() ? Var : nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

// Looks Name up in DC; null unless it names exactly one declaration of kind T.
template <class T>
T *lookupOne(Sema &S, DeclContext *DC, llvm::StringRef Name, Sema::LookupNameKind Kind,
             SourceLocation Loc) {
  LookupResult R(S, &S.Context.Idents.get(Name), Loc, Kind);
  S.LookupQualifiedName(R, DC);
  return R.isSingleResult() ? dyn_cast<T>(R.getFoundDecl()) : nullptr;
}

} // namespace

FunctionInstrumenter::FunctionInstrumenter(Sema &S) : S(S), Ctx(S.Context) {}

bool FunctionInstrumenter::isInstrumented(const FunctionDecl *FD) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body || Body->body_empty())
    return false;
  const auto *First = dyn_cast<DeclStmt>(Body->body_front());
  if (!First || !First->isSingleDecl())
    return false;
  const auto *Var = dyn_cast<VarDecl>(First->getSingleDecl());
  return Var && Var->getIdentifier() && Var->getName() == SpanVariableName;
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
  return FunctionSpanClass != nullptr;
}

void FunctionInstrumenter::warnNotTraced(const FunctionDecl *FD, llvm::StringRef Why) {
  DiagnosticsEngine &Diags = S.getDiagnostics();
  unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Warning,
                                      "%0 is not traced: %1 [mlflow-trace]");
  Diags.Report(FD->getLocation(), ID) << FD << Why;
}

void FunctionInstrumenter::warnOutputNotCaptured(const FunctionDecl *FD, SourceLocation Loc) {
  DiagnosticsEngine &Diags = S.getDiagnostics();
  unsigned ID = Diags.getCustomDiagID(
      DiagnosticsEngine::Warning,
      "the return value of %0 is not recorded as its span's output: its type can be neither "
      "moved nor copied [mlflow-trace]");
  Diags.Report(Loc, ID) << FD;
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

Expr *FunctionInstrumenter::stringLiteral(llvm::StringRef Text, SourceLocation Loc) {
  QualType Type = Ctx.getStringLiteralArrayType(Ctx.CharTy, Text.size());
  return StringLiteral::Create(Ctx, Text, StringLiteralKind::Ordinary, /*Pascal=*/false, Type,
                               Loc);
}

Expr *FunctionInstrumenter::unsignedLiteral(unsigned Value, SourceLocation Loc) {
  return IntegerLiteral::Create(Ctx, llvm::APInt(Ctx.getIntWidth(Ctx.UnsignedIntTy), Value),
                                Ctx.UnsignedIntTy, Loc);
}

Expr *FunctionInstrumenter::boolLiteral(bool Value, SourceLocation Loc) {
  return new (Ctx) CXXBoolLiteralExpr(Value, Ctx.BoolTy, Loc);
}

Expr *FunctionInstrumenter::declRef(ValueDecl *D, SourceLocation Loc) {
  ExprResult E = S.BuildDeclarationNameExpr(CXXScopeSpec(), DeclarationNameInfo(D->getDeclName(), Loc),
                                            D);
  return E.isInvalid() ? nullptr : E.get();
}

// ::mlflow::detail::<Hook>(Args...), resolved (and deduced) as written in the source, without
// argument-dependent lookup so that user functions of the same name cannot take over.
ExprResult FunctionInstrumenter::hookCall(llvm::StringRef Hook, llvm::ArrayRef<Expr *> Args,
                                          SourceLocation Loc) {
  LookupResult R(S, &Ctx.Idents.get(Hook), Loc, Sema::LookupOrdinaryName);
  S.LookupQualifiedName(R, DetailNamespace);
  if (R.empty())
    return ExprError();
  ExprResult Callee = S.BuildDeclarationNameExpr(CXXScopeSpec(), R, /*NeedsADL=*/false);
  if (Callee.isInvalid())
    return ExprError();
  llvm::SmallVector<Expr *, 4> ArgList(Args.begin(), Args.end());
  return S.ActOnCallExpr(/*Scope=*/nullptr, Callee.get(), Loc, ArgList, Loc);
}

VarDecl *FunctionInstrumenter::makeSpanVariable(FunctionDecl *FD, const TraceRequest &Request,
                                                bool Explicit, SourceLocation Loc) {
  QualType Type = Ctx.getTypeDeclType(FunctionSpanClass);
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(SpanVariableName), Type,
                              Ctx.getTrivialTypeSourceInfo(Type, Loc), SC_None);
  std::string Qualified;
  llvm::raw_string_ostream OS(Qualified);
  FD->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/true);
  PresumedLoc Where = Ctx.getSourceManager().getPresumedLoc(FD->getLocation());
  Expr *Args[] = {stringLiteral(spanName(FD, Request), Loc), stringLiteral(Request.SpanType, Loc),
                  stringLiteral(spanName(FD, TraceRequest()), Loc), stringLiteral(OS.str(), Loc),
                  stringLiteral(Where.isValid() ? Where.getFilename() : "", Loc),
                  unsignedLiteral(Where.isValid() ? Where.getLine() : 0, Loc),
                  boolLiteral(Explicit, Loc)};
  ExprResult Init = S.ActOnParenListExpr(Loc, Loc, Args);
  if (Init.isInvalid())
    return nullptr;
  S.AddInitializerToDecl(Var, Init.get(), /*DirectInit=*/true);
  if (Var->isInvalidDecl())
    return nullptr;
  Var->setIsUsed();
  return Var;
}

void FunctionInstrumenter::captureReturns(FunctionDecl *FD, VarDecl *Span, Stmt *Body) {
  QualType ReturnType = FD->getReturnType();
  if (ReturnType->isVoidType() || ReturnType->isDependentType())
    return;
  llvm::SmallVector<Stmt **, 4> Slots;
  collectReturnSlots(Body, Slots);
  for (Stmt **Slot : Slots) {
    auto *Return = cast<ReturnStmt>(*Slot);
    Expr *Value = Return->getRetValue();
    if (!Value || Value->getType()->isVoidType())
      continue;
    SourceLocation Loc = Value->getBeginLoc();
    Expr *SpanRef = declRef(Span, Loc);
    if (!SpanRef)
      return;

    // `return local;`: record the variable, then return it exactly as before, so NRVO and the
    // implicit move are untouched: `{ record_return(span, local); return local; }`.
    if (const VarDecl *Local = returnedLocal(Value)) {
      Expr *LocalRef = declRef(const_cast<VarDecl *>(Local), Loc);
      ExprResult Call = LocalRef ? hookCall("record_return", {SpanRef, LocalRef}, Loc) : ExprError();
      if (!Call.isInvalid())
        Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
      if (Call.isInvalid())
        continue;
      Stmt *Block[] = {Call.get(), Return};
      *Slot = CompoundStmt::Create(Ctx, Block, FPOptionsOverride(), Return->getBeginLoc(),
                                   Return->getEndLoc());
      continue;
    }

    // Any other expression: `return record_return(span, e);`, the T&& result initializing the
    // return slot. That needs the type to be movable or copyable; a type that is neither
    // (returned by guaranteed elision) keeps its return as written and is not captured.
    OpaqueValueExpr Probe(Loc, ReturnType.getNonReferenceType(), VK_XValue);
    InitializedEntity Result = InitializedEntity::InitializeResult(Loc, ReturnType);
    if (!ReturnType->isReferenceType() && !S.CanPerformCopyInitialization(Result, &Probe)) {
      warnOutputNotCaptured(FD, Return->getBeginLoc());
      continue;
    }
    bool HadCleanups = false;
    if (auto *Cleanups = dyn_cast<ExprWithCleanups>(Value)) {
      Value = Cleanups->getSubExpr();
      HadCleanups = true;
    }
    // A prvalue built straight into the return slot (`return {...};`, `return T(...);`) was
    // made without a temporary: bind it (so its destructor is used and emitted) and
    // materialize it, as an argument needs. A braced list must be materialized anyway: it
    // cannot deduce record_return's parameter.
    if (Value->isPRValue() && (isa<InitListExpr>(Value) || Value->getType()->isRecordType())) {
      ExprResult Bound = isa<CXXBindTemporaryExpr>(Value) ? Value : S.MaybeBindToTemporary(Value);
      if (Bound.isInvalid())
        continue;
      Value = S.TemporaryMaterializationConversion(Bound.get()).get();
      if (!Value)
        continue;
    }
    ExprResult Call = hookCall("record_return", {SpanRef, Value}, Loc);
    if (Call.isInvalid())
      continue;
    ExprResult Converted = S.PerformCopyInitialization(Result, Loc, Call.get());
    if (Converted.isInvalid())
      continue;
    // The temporaries of the original expression still need their full-expression.
    if (HadCleanups)
      S.Cleanup.setExprNeedsCleanups(true);
    ExprResult Full = S.ActOnFinishFullExpr(Converted.get(), Loc, /*DiscardedValue=*/false);
    if (Full.isInvalid())
      continue;
    Return->setRetValue(Full.get());
  }
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

  VarDecl *Span = makeSpanVariable(FD, Request, Explicit, Loc);
  if (!Span)
    return NotTraced("the mlflow-cpp runtime's FunctionSpan could not be constructed");
  llvm::SmallVector<Stmt *, 8> Statements;
  Statements.push_back(new (Ctx) DeclStmt(DeclGroupRef(Span), Loc, Loc));

  // Inputs: every named parameter, unless marked [[mlflow::no_capture]]. The elements of a
  // parameter pack share one name and become one list.
  // Names of the parameter packs, seen in the template this function was instantiated from
  // (after instantiation a pack is just parameters sharing its name, possibly only one).
  llvm::StringSet<> PackNames;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    for (const ParmVarDecl *Param : Pattern->parameters())
      if (Param->isParameterPack() && Param->getIdentifier())
        PackNames.insert(Param->getName());
  for (ParmVarDecl *Param : FD->parameters()) {
    if (!Param->getIdentifier())
      continue;
    bool NoCapture = llvm::any_of(Param->specific_attrs<AnnotateAttr>(), [](const AnnotateAttr *A) {
      return A->getAnnotation() == NoCaptureAnnotation;
    });
    if (NoCapture)
      continue;
    Expr *SpanRef = declRef(Span, Loc);
    Expr *ParamRef = declRef(Param, Loc);
    if (!SpanRef || !ParamRef)
      continue;
    bool InPack = PackNames.contains(Param->getName());
    ExprResult Call = hookCall(InPack ? "record_pack_arg" : "record_arg",
                               {SpanRef, stringLiteral(Param->getName(), Loc), ParamRef}, Loc);
    if (!Call.isInvalid())
      Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
    if (!Call.isInvalid())
      Statements.push_back(Call.get());
  }

  if (Request.CaptureOutput)
    captureReturns(FD, Span, Compound);

  // Exceptions: recorded on the way out, then rethrown unchanged. Without exceptions
  // (-fno-exceptions) there is nothing to catch.
  if (S.getLangOpts().CXXExceptions) {
    Expr *SpanRef = declRef(Span, Loc);
    ExprResult Record = SpanRef ? hookCall("record_exception", {SpanRef}, Loc) : ExprError();
    if (!Record.isInvalid())
      Record = S.ActOnFinishFullExpr(Record.get(), Loc, /*DiscardedValue=*/true);
    ExprResult Rethrow = S.BuildCXXThrow(Loc, nullptr, /*IsThrownVarInScope=*/false);
    if (Record.isInvalid() || Rethrow.isInvalid())
      return NotTraced("the exception handler could not be built");
    Stmt *HandlerStatements[] = {Record.get(), Rethrow.get()};
    auto *Handler =
        CompoundStmt::Create(Ctx, HandlerStatements, FPOptionsOverride(), Loc, Loc);
    auto *Catch = new (Ctx) CXXCatchStmt(Loc, /*exDecl=*/nullptr, Handler);
    Statements.push_back(CXXTryStmt::Create(Ctx, Loc, Compound, {Catch}));
  } else {
    Statements.push_back(Compound);
  }

  FD->setBody(CompoundStmt::Create(Ctx, Statements, FPOptionsOverride(), Loc,
                                   Compound->getRBracLoc()));
  return Outcome::Instrumented;
}

} // namespace mlflow::plugin
