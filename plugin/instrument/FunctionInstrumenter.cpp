//===- FunctionInstrumenter.cpp - Turn a function body into a span --------===//
#include "instrument/FunctionInstrumenter.h"

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
constexpr llvm::StringLiteral SiteVariableName = "__mlflow_site";
constexpr llvm::StringLiteral ResultVariableName = "__mlflow_result";

// Constructs that Sema::canThrow gets wrong or does not expect: `a ?: b` (GNU) is reported as
// never throwing without a look at its operands; MS property references are not handled there;
// a CUDA kernel launch is a call. A body with any of them keeps its try/catch.
bool hasConstructCanThrowMisjudges(const Stmt *S) {
  if (!S)
    return false;
  if (isa<BinaryConditionalOperator, MSPropertyRefExpr, MSPropertySubscriptExpr,
          CUDAKernelCallExpr>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (hasConstructCanThrowMisjudges(Child))
      return true;
  return false;
}

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

// `static constexpr ::mlflow::detail::FunctionSite __mlflow_site{...};`: the literals the span
// needs, in static storage, so that entering the function passes one pointer instead of seven
// arguments. (Allowed in the constant evaluation of a constexpr function before C++23 too: the
// rule against static variables there is checked by the parser, and constant evaluation only
// takes the constant's address.)
VarDecl *FunctionInstrumenter::makeSiteVariable(FunctionDecl *FD, const TraceRequest &Request,
                                                bool Explicit, SourceLocation Loc) {
  QualType Type = Ctx.getTypeDeclType(FunctionSiteClass).withConst();
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(SiteVariableName), Type,
                              Ctx.getTrivialTypeSourceInfo(Type, Loc), SC_Static);
  Var->setConstexpr(true);
  std::string Qualified;
  llvm::raw_string_ostream OS(Qualified);
  FD->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/true);
  PresumedLoc Where = Ctx.getSourceManager().getPresumedLoc(FD->getLocation());
  Expr *Fields[] = {stringLiteral(spanName(FD, Request), Loc), stringLiteral(Request.SpanType, Loc),
                    stringLiteral(spanName(FD, TraceRequest()), Loc), stringLiteral(OS.str(), Loc),
                    stringLiteral(Where.isValid() ? Where.getFilename() : "", Loc),
                    unsignedLiteral(Where.isValid() ? Where.getLine() : 0, Loc),
                    boolLiteral(Explicit, Loc)};
  ExprResult Init = S.ActOnInitList(Loc, Fields, Loc);
  if (Init.isInvalid())
    return nullptr;
  S.AddInitializerToDecl(Var, Init.get(), /*DirectInit=*/false);
  if (Var->isInvalidDecl() || !Var->getInit())
    return nullptr;
  Var->setIsUsed();
  return Var;
}

// `::mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);`
VarDecl *FunctionInstrumenter::makeSpanVariable(FunctionDecl *FD, VarDecl *Site,
                                                SourceLocation Loc) {
  QualType Type = Ctx.getTypeDeclType(FunctionSpanClass);
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(SpanVariableName), Type,
                              Ctx.getTrivialTypeSourceInfo(Type, Loc), SC_None);
  Expr *SiteRef = declRef(Site, Loc);
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

// Inputs: every named parameter, unless marked [[mlflow::no_capture]], under one test:
// `if (::mlflow::detail::recording(__mlflow_span)) { record_arg(...); ... }`. The elements of
// a parameter pack share one name and become one list. Null when there is nothing to record.
Stmt *FunctionInstrumenter::recordArguments(FunctionDecl *FD, VarDecl *Span, SourceLocation Loc) {
  // Names of the parameter packs, seen in the template this function was instantiated from
  // (after instantiation a pack is just parameters sharing its name, possibly only one).
  llvm::StringSet<> PackNames;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    for (const ParmVarDecl *Param : Pattern->parameters())
      if (Param->isParameterPack() && Param->getIdentifier())
        PackNames.insert(Param->getName());
  llvm::SmallVector<Stmt *, 4> Calls;
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
    llvm::StringRef Hook = InPack ? (ReadsCStrings ? "record_pack_arg" : "record_unannotated_pack_arg")
                                  : (ReadsCStrings ? "record_arg" : "record_unannotated_arg");
    ExprResult Call =
        hookCall(Hook, {SpanRef, stringLiteral(Param->getName(), Loc), ParamRef}, Loc);
    if (!Call.isInvalid())
      Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
    if (!Call.isInvalid())
      Calls.push_back(Call.get());
  }
  if (Calls.empty())
    return nullptr;
  Expr *SpanRef = declRef(Span, Loc);
  ExprResult Cond = SpanRef ? hookCall("recording", {SpanRef}, Loc) : ExprError();
  if (!Cond.isInvalid())
    Cond = S.CheckBooleanCondition(Loc, Cond.get());
  if (!Cond.isInvalid())
    Cond = S.ActOnFinishFullExpr(Cond.get(), Loc, /*DiscardedValue=*/false);
  if (Cond.isInvalid())
    return nullptr;
  auto *Then = CompoundStmt::Create(Ctx, Calls, FPOptionsOverride(), Loc, Loc);
  return IfStmt::Create(Ctx, Loc, IfStatementKind::Ordinary, /*Init=*/nullptr, /*Var=*/nullptr,
                        Cond.get(), Loc, Loc, Then);
}

// `return T(...);` with T the class type returned, as
// `{ T __mlflow_result = T(...); record_return(span, __mlflow_result); return __mlflow_result; }`
// with __mlflow_result the named return value: it is built in the return slot, as the prvalue
// was, so the capture costs no extra move and destructor. Null when that form does not apply.
Stmt *FunctionInstrumenter::returnThroughVariable(FunctionDecl *FD, VarDecl *Span,
                                                  ReturnStmt *Return, Expr *Value) {
  QualType ReturnType = FD->getReturnType();
  // Deduced return types (`auto`) would be deduced again from the new return: left alone.
  if (!ReturnType->isRecordType() || ReturnType->getContainedDeducedType() ||
      ReturnType.isVolatileQualified() || FD->isNoReturn() || !S.getLangOpts().CPlusPlus17)
    return nullptr;
  Expr *Init = Value;
  Expr *Inner = Value;
  if (auto *Cleanups = dyn_cast<ExprWithCleanups>(Inner)) {
    // Cleanup objects (block literals, compound literals) belong to the return statement.
    if (Cleanups->getNumObjects() != 0)
      return nullptr;
    Inner = Cleanups->getSubExpr();
  }
  if (!Inner->isPRValue() ||
      !Ctx.hasSameUnqualifiedType(Inner->getType(), ReturnType.getUnqualifiedType()))
    return nullptr;
  SourceLocation Loc = Value->getBeginLoc();
  QualType VarType = ReturnType.getUnqualifiedType();
  auto *Var = VarDecl::Create(Ctx, FD, Loc, Loc, &Ctx.Idents.get(ResultVariableName), VarType,
                              Ctx.getTrivialTypeSourceInfo(VarType, Loc), SC_None);
  // The expression already initializes an object of this type (the result object); the variable
  // takes it as it is, as `T v = prvalue;` would (guaranteed elision).
  Var->setInit(Init);
  Var->setInitStyle(VarDecl::CInit);
  if (const auto *Record = VarType->getAs<RecordType>())
    S.FinalizeVarWithDestructor(Var, Record);
  if (Var->isInvalidDecl())
    return nullptr;
  Expr *SpanRef = declRef(Span, Loc);
  Expr *VarRef = declRef(Var, Loc);
  ExprResult Call = SpanRef && VarRef ? hookCall(returnHook(), {SpanRef, VarRef}, Loc)
                                      : ExprError();
  if (!Call.isInvalid())
    Call = S.ActOnFinishFullExpr(Call.get(), Loc, /*DiscardedValue=*/true);
  if (Call.isInvalid())
    return nullptr;
  Expr *Returned = declRef(Var, Loc);
  StmtResult NewReturn =
      Returned ? S.BuildReturnStmt(Return->getReturnLoc(), Returned) : StmtError();
  if (NewReturn.isInvalid())
    return nullptr;
  auto *R = cast<ReturnStmt>(NewReturn.get());
  // Sema marks named return values when it leaves the variable's scope while parsing; this
  // variable has no such scope, and the block holds one return: its own.
  if (R->getNRVOCandidate() == Var)
    Var->setNRVOVariable(true);
  Stmt *Block[] = {new (Ctx) DeclStmt(DeclGroupRef(Var), Loc, Loc), Call.get(), R};
  return CompoundStmt::Create(Ctx, Block, FPOptionsOverride(), Return->getBeginLoc(),
                              Return->getEndLoc());
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
      ExprResult Call = LocalRef ? hookCall(returnHook(), {SpanRef, LocalRef}, Loc) : ExprError();
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
    if (Stmt *Block = returnThroughVariable(FD, Span, Return, Value)) {
      *Slot = Block;
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
    ExprResult Call = hookCall(returnHook(), {SpanRef, Value}, Loc);
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

// Whether an exception can leave Body (after the returns were rewritten: the hooks are
// noexcept). Sema's own analysis, the one behind noexcept(expr): a call to a function that is
// not noexcept, a throw expression, a dynamic_cast to a reference, ... can throw.
bool FunctionInstrumenter::bodyCanThrow(Stmt *Body) {
  if (S.getLangOpts().EHAsynch || hasConstructCanThrowMisjudges(Body))
    return true;
  return S.canThrow(Body) != CT_Cannot;
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
  ReadsCStrings = Explicit;
  VarDecl *Site = makeSiteVariable(FD, Request, Explicit, Loc);
  VarDecl *Span = Site ? makeSpanVariable(FD, Site, Loc) : nullptr;
  if (!Span)
    return NotTraced("the mlflow-cpp runtime's FunctionSpan could not be constructed");
  llvm::SmallVector<Stmt *, 8> Statements;
  Statements.push_back(new (Ctx) DeclStmt(DeclGroupRef(Site), Loc, Loc));
  Statements.push_back(new (Ctx) DeclStmt(DeclGroupRef(Span), Loc, Loc));
  if (Stmt *Inputs = recordArguments(FD, Span, Loc))
    Statements.push_back(Inputs);

  if (Request.CaptureOutput)
    captureReturns(FD, Span, Compound);

  // Exceptions: recorded on the way out, then rethrown unchanged. Without exceptions
  // (-fno-exceptions), or when the body cannot throw, there is nothing to catch.
  if (S.getLangOpts().CXXExceptions && bodyCanThrow(Compound)) {
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
