//===- MlflowTracePlugin.cpp - MLflow tracing for C++, at compile time ----===//
//
// The mlflow-cpp Clang plugin. Loaded with `clang++ -fplugin=mlflow-plugin.so`, it turns
// functions annotated `[[mlflow::trace(TYPE)]]` into MLflow spans: each call opens a span on
// entry and closes it on every exit, with the arguments (by parameter name) as the span's
// inputs, the return value as its output, and an escaping exception recorded as status ERROR
// with an `exception` event, then rethrown unchanged. Without any annotation, it also turns
// the user's calls of known LLM clients (libcurl, cpp-httplib, the C++ LLM SDKs) into chat spans
// at their call sites (autolog/, docs/autolog.md), and traces the functions a rules file names.
//
// ----------------------------------------------------------------------------------------------
// What is instrumented, and what is left alone
//
// Every function definition that carries the annotation (directly, or inherited from an
// earlier declaration, or from the template it was instantiated from) and, with the name
// filters (`include=` / `exclude=` plugin arguments), every function definition outside system
// headers whose qualified name matches. Covered: free functions, static and non-static members
// (const, virtual, overrides), constructors (the span covers the body, not the member
// initializers) and destructors, out-of-line definitions, each instantiation of a function
// template or class-template member, lambdas and generic lambdas, variadic templates, noexcept
// functions.
//
// Annotated constexpr functions are traced from C++20 on: there the span is a literal type that
// does nothing during constant evaluation, so static_assert and constant initializers keep
// working and only run-time calls make spans. Before C++20 a constexpr function is left alone (a
// span would stop it from being evaluated at compile time). A name filter never selects a
// constexpr or consteval function, in any standard (compile-time helpers, which a filter over a
// constexpr-heavy library would otherwise trace by the thousand).
//
// Left alone, with a warning when the function was annotated (and silently when it was only
// selected by a filter): constexpr functions before C++20, consteval functions (they only run
// at compile time), coroutines, function-try-blocks, defaulted and deleted functions. A return
// value whose type can be neither moved nor copied (returned by guaranteed elision) is not
// captured, with a warning; the function is still traced. Parameters marked
// [[mlflow::no_capture]] and unnamed ones are not recorded; `no_output` leaves the return value
// out. No exception handler is added under -fno-exceptions, nor where Sema finds that no
// exception can leave the body. Lambdas are traced only when annotated, and then in every
// standard (see the limits below): their call operators are implicitly constexpr, and a filter
// must not break a constant expression somewhere. A function marked for tracing in a
// translation unit that never declared the runtime is an error ("#include <mlflow/trace.h>");
// with a filter the plugin declares the runtime itself (inject/).
//
// Never traced, whatever the filters say: the runtime's own code (namespace ::mlflow), and any
// function that only the plugin's additions brought into the file (inject/RuntimeInjection.h:
// the tail after the user's last line, and the headers it includes). At run time no span starts
// while a value is being captured, so traced code called by a capture (a user's to_json, a
// header library traced by name) does not trace itself.
//
// ----------------------------------------------------------------------------------------------
// When each stage runs, and what it leaves for the next
//
// 0. Before the main file is read (CreateASTConsumer): inject/RuntimeInjection puts the
//    prelude ahead of the file (name filters only) and the tail after its last line, a new
//    main-file buffer with the same text in front. The prelude declares exactly what generated
//    code names and includes nothing; the tail holds the captures' definitions and is switched
//    on by the first annotation parsed (stage 1) or by a filter.
// 1. Parsing: attribute/TraceAttribute.cpp (a ParsedAttrInfo) validates the attribute's
//    arguments and records them on the declaration as an AnnotateAttr holding a TraceRequest.
//    Clang copies that attribute to redeclarations and template instantiations, so nothing
//    else needs to remember which functions are annotated.
// 2. AST consumer (this file): the plugin's action is AddBeforeMainAction, so its consumer
//    sees every top-level declaration before CodeGen's does, in the same MultiplexConsumer.
//    Function bodies arrive in HandleTopLevelDecl (top-level and out-of-line definitions, and
//    template instantiations as Sema performs them) and HandleInlineFunctionDefinition (bodies
//    of functions defined inside a class). Non-generic lambdas arrive with the body of the
//    function (or variable) around them. Rewriting later, in HandleTranslationUnit, would be
//    too late: CodeGen emits non-inline functions as soon as it sees them. In each body the
//    calls of LLM clients are redirected first (autolog/AutologRewriter.cpp), then the function
//    is instrumented if it is annotated, named by a rule, or selected by a filter.
// 3. instrument/FunctionInstrumenter.cpp rewrites one body with Sema (lookup, overload
//    resolution, deduction, initialization), as the parser would have built it, around the
//    runtime's hooks in <mlflow/detail/prelude.h>: a `static constexpr` site constant
//    and the span variable first, then the argument records (ArgumentCapture), the body with
//    its returns passed through record_return (ReturnCapture), wrapped in a try/catch that
//    records an escaping exception and rethrows it (ExceptionHandler). CodeGen then compiles
//    the new body like any other; debug info and diagnostics keep pointing at the user's lines
//    (new statements carry the location of the body's `{`). When the compilation generates
//    code, the consumer then removes the trace annotation from the instrumented definition:
//    CodeGen would otherwise list it in llvm.global.annotations, which keeps an inline
//    function, a template instantiation or a lambda in the object file even where every call
//    to it was inlined.
// 4. Run time: the hooks start a span on the calling thread's span stack and end it when the
//    function exits (runtime/).
//
// ----------------------------------------------------------------------------------------------
// Where things are (one folder per layer, one header/source pair per job, as in clang-tidy)
//
// MlflowTracePlugin.cpp  this file: the plugin action (arguments, help), the AST consumer that
//                        picks the functions to trace (annotation or name filter), and the
//                        registration.
// attribute/             [[mlflow::trace]] and [[mlflow::no_capture]]: TraceAttribute
//                        (spellings, subject and argument checks, the "mlflow-trace-args"
//                        action) and TraceRequest (what one annotation asks for, as stored).
// instrument/            the body rewrite: FunctionInstrumenter (the orchestrator),
//                        ArgumentCapture, ReturnCapture, ExceptionHandler, and HookBuilder
//                        (literals, references and runtime hook calls, shared by all of them).
// inject/                what the plugin adds to a file, and where: RuntimeInjection (the
//                        prelude ahead, the captures' definitions after the last line).
// autolog/               call-site autolog of LLM clients: AutologRewriter finds a client's
//                        calls in each body, CallSiteRedirect sends each through its adapter,
//                        one file per client (Libcurl, CppHttplib, ...), listed in
//                        AutologRegistry.h; AutologRules traces the user's own wrappers from a
//                        rules file. Its README says how a client is added.
// support/               ClangCompat.h, every difference between the Clang releases the plugin
//                        builds against.
// Tests: test/lit/attribute/, test/lit/instrument/, test/lit/inject/ and test/lit/autolog/, one
// behaviour per file.
//
// ----------------------------------------------------------------------------------------------
// Known limits and workarounds
//
// - Every translation unit, and any PCH, must be built with the plugin: a header's inline
//   function compiled with and without it is an ODR violation the linker resolves arbitrarily.
// - Without the plugin the attribute is only "unknown attribute" (use MLFLOW_TRACE(...), which
//   vanishes without the plugin). Clang drops the arguments of unknown scoped attributes, so
//   the plugin also registers the unscoped spelling `trace` to be asked about `mlflow::trace`.
// - Erroneous code is left alone: after the first error nothing more is rewritten.
// - Before C++20 an annotated lambda is traced although its call operator is implicitly
//   constexpr, so calling it in a constant expression (static_assert(f(3) == 9)) no longer
//   compiles ("non-literal type 'mlflow::detail::FunctionSpan'"). Use C++20, or leave a lambda
//   that runs at compile time unannotated.
//
// ----------------------------------------------------------------------------------------------
// Glossary
//
// trace         one request through the program: a tree of spans with one root.
// span          one operation (here: one call of a traced function) with a name, a span type,
//               start and end times, inputs, outputs, status and events.
// span type     MLflow's classification of a span (LLM, CHAIN, TOOL, ...; span_types.def).
// capture       turning a C++ value into the JSON MLflow stores (<mlflow/capture.h>).
// trace request what one annotation asks for: span type, name, whether to capture the output.
// site          the `static constexpr` FunctionSite in a traced body: the span's literals (name,
//               type, file, line), built at compile time; the span keeps a pointer to it.
// hook          a runtime function the generated code calls (mlflow::detail::record_arg, ...).
// integration   (autolog/) the plugin's knowledge of one LLM client, such as Libcurl: which
//               functions' calls it takes, and which headers are the client's own.
// call-site redirect  what autolog does to such a call: it goes through the integration's
//               adapter, which makes the span and forwards to the original function.
//===----------------------------------------------------------------------------===//

#include "attribute/TraceRequest.h"
#include "autolog/AutologRewriter.h"
#include "autolog/AutologRules.h"
#include "inject/RuntimeInjection.h"
#include "inject/TailInstantiations.h"
#include "instrument/FunctionInstrumenter.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/DeclGroup.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/SemaConsumer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace clang;

namespace mlflow::plugin {
namespace {

constexpr const char *PluginName = "mlflow";

constexpr const char *Help =
    "mlflow-cpp Clang plugin: turns [[mlflow::trace(TYPE)]] / MLFLOW_TRACE(TYPE) functions into\n"
    "MLflow spans.\n"
    "Usage: clang++ -fplugin=<path>/mlflow-plugin.so [-fplugin-arg-mlflow-<arg>]... <sources>\n"
    "Arguments:\n"
    "  help             print this help (compilation continues)\n"
    "  debug            report each function the plugin instruments (as MLFLOW_PLUGIN_DEBUG=1)\n"
    "  include=<regex>  also trace every function whose qualified name matches (as span type\n"
    "                   UNKNOWN), without annotations; <mlflow/detail/function_span.h> is then\n"
    "                   included for you (keep mlflow-cpp's include directory on the path)\n"
    "  exclude=<regex>  never trace functions selected by include= whose name matches\n"
    "  autolog-rules=<file>  trace the user's own LLM wrappers named in <file> (docs/autolog.md)\n"
    "  autolog=<ids>    which LLM clients' calls become spans without annotations: all\n"
    "                   (default), none, or a comma-separated list of integration ids\n"
    "                   (listed below)\n"
    "  exceptions=catch|guard  how an exception leaving a traced function is recorded:\n"
    "                   catch (default) catches and rethrows it, recording its type and\n"
    "                   message; guard adds no handler, so an exception nobody catches still\n"
    "                   terminates at its throw site (core dumps, debuggers), and records\n"
    "                   status ERROR without type and message (docs/annotating.md)\n"
    "Several include= and exclude= may be given.\n";

struct PluginOptions {
  bool Debug = false;
  bool GuardExceptions = false; // exceptions=guard
  AutologSelection Autolog;
  std::string AutologRulesFile; // autolog-rules=<file>; empty: none
  std::vector<std::string> Include; // regexes over qualified names
  std::vector<std::string> Exclude;
};

// The autolog integrations' ids, for help and diagnostics: "cpp-httplib, libcurl, ...".
std::string idList() {
  std::string List;
  for (const std::string &Id : autologIntegrationIds())
    List += (List.empty() ? "" : ", ") + Id;
  return List;
}

// The annotation on FD, if any (the AnnotateAttr that TraceAttribute.cpp recorded).
std::optional<TraceRequest> annotatedRequest(const FunctionDecl *FD) {
  for (const auto *A : FD->specific_attrs<AnnotateAttr>())
    if (auto Request = TraceRequest::decode(A->getAnnotation()))
      return Request;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    if (Pattern != FD)
      return annotatedRequest(Pattern);
  return std::nullopt;
}

// Whether this compilation generates code (rather than only checking, dumping or printing the
// AST, or writing a PCH).
bool generatesCode(frontend::ActionKind Action) {
  switch (Action) {
  case frontend::EmitAssembly:
  case frontend::EmitBC:
  case frontend::EmitLLVM:
  case frontend::EmitLLVMOnly:
  case frontend::EmitCodeGenOnly:
  case frontend::EmitObj:
    return true;
  default:
    return false;
  }
}

// Removes the trace annotations from a function definition that has been instrumented. CodeGen
// turns every annotation on a definition into an llvm.global.annotations entry, which keeps the
// function alive: an inline function, template instantiation or lambda would then be compiled
// and emitted even where every call to it is inlined. (The declarations keep theirs.)
void stripTraceAnnotations(FunctionDecl *FD) {
  if (!FD->hasAttrs())
    return;
  AttrVec &Attrs = FD->getAttrs();
  llvm::erase_if(Attrs, [](const Attr *A) {
    const auto *Annotate = dyn_cast<AnnotateAttr>(A);
    return Annotate && TraceRequest::decode(Annotate->getAnnotation()).has_value();
  });
  if (Attrs.empty())
    FD->dropAttrs();
}

// Collects the call operators of the lambdas written inside a body.
class LambdaCollector : public RecursiveASTVisitor<LambdaCollector> {
public:
  llvm::SmallVector<CXXMethodDecl *, 4> CallOperators;
  bool VisitLambdaExpr(LambdaExpr *L) {
    CallOperators.push_back(L->getCallOperator());
    return true;
  }
};

class MlflowTraceConsumer : public SemaConsumer {
public:
  MlflowTraceConsumer(CompilerInstance &CI, PluginOptions Opts)
      : CI(CI), Options(std::move(Opts)),
        GeneratesCode(generatesCode(CI.getFrontendOpts().ProgramAction)),
        Autolog(CI, Injection, Options.Autolog, Options.Debug) {
    for (const std::string &Pattern : Options.Include)
      Include.emplace_back(Pattern);
    for (const std::string &Pattern : Options.Exclude)
      Exclude.emplace_back(Pattern);
  }

  // Reads the rules file, if one was given; false when it is malformed (errors were reported).
  bool loadRules() {
    return Options.AutologRulesFile.empty() || Rules.load(CI, Options.AutologRulesFile);
  }

  // Before the main file is read: what the plugin adds ahead of and after it.
  void prepareInjection() {
    // Rules, like the name filters, trace functions of files that may never include the
    // runtime: the prelude goes ahead of the file and the tail is on from the start. Below
    // C++17 the runtime's headers do not compile: nothing is added and nothing traced by name
    // (as autolog does), with one remark, rather than a file that no longer compiles.
    TracesByName = !Options.Include.empty() || !Rules.empty();
    if (TracesByName && !CI.getLangOpts().CPlusPlus17) {
      TracesByName = false;
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      Diags.Report(Diags.getCustomDiagID(
          DiagnosticsEngine::Remark,
          "mlflow plugin: nothing in this file is traced by name (include=, autolog-rules=): "
          "that needs C++17 or later"));
    }
    Injection.prepare(CI, TracesByName, Autolog.adapters());
    Autolog.watchIncludes(CI.getPreprocessor());
  }

  void InitializeSema(Sema &S) override {
    Instrumenter = std::make_unique<FunctionInstrumenter>(S, Options.GuardExceptions);
    SemaForTail = &S;
    Autolog.initialize(S);
  }
  void ForgetSema() override {
    Instrumenter.reset();
    SemaForTail = nullptr;
    Autolog.forgetSema();
  }

  // Must return true: MultiplexConsumer stops forwarding to later consumers (CodeGen) on false.
  bool HandleTopLevelDecl(DeclGroupRef Group) override {
    for (Decl *D : Group)
      visitDecl(D);
    return true;
  }

  void HandleInlineFunctionDefinition(FunctionDecl *FD) override { visitFunction(FD); }

  // Before CodeGen's (this consumer comes first): the runtime's template instantiations that an
  // eager instantiation before the tail lost (inject/TailInstantiations.h).
  void HandleTranslationUnit(ASTContext &) override {
    if (SemaForTail && !CI.getDiagnostics().hasErrorOccurred())
      completeTailInstantiations(*SemaForTail);
  }

  // Declarations from a PCH or module: the same, made idempotent by the instrumenter.
  void HandleInterestingDecl(DeclGroupRef Group) override { HandleTopLevelDecl(Group); }

private:
  void visitDecl(Decl *D) {
    if (auto *FD = dyn_cast<FunctionDecl>(D)) {
      visitFunction(FD);
    } else if (auto *FTD = dyn_cast<FunctionTemplateDecl>(D)) {
      (void)FTD; // instantiations arrive on their own
    } else if (auto *VD = dyn_cast<VarDecl>(D)) {
      if (VD->getInit() && !CI.getDiagnostics().hasErrorOccurred() &&
          !CI.getSourceManager().isInSystemHeader(VD->getLocation()) &&
          !Injection.isInTail(VD->getLocation()) && !VD->getDeclContext()->isDependentContext())
        Autolog.rewriteCallsIn(VD);
      if (Expr *Init = VD->getInit())
        visitLambdasIn(Init);
    } else if (auto *DC = dyn_cast<DeclContext>(D)) {
      // Namespaces, extern "C" blocks, classes: their members (out-of-line bodies and
      // lambdas in variable initializers) come together with them.
      if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl, CXXRecordDecl>(D) &&
          !DC->isDependentContext())
        for (Decl *Member : DC->decls())
          visitDecl(Member);
    }
  }

  void visitFunction(FunctionDecl *FD) {
    if (FD->isDeleted() || FD->isExplicitlyDefaulted()) {
      // No body to trace; an annotation on it gets a warning saying so, once.
      if (auto Request = annotatedRequest(FD); Request && Visited.insert(FD).second)
        instrument(FD, *Request, /*Explicit=*/true);
      return;
    }
    if (!FD->doesThisDeclarationHaveABody())
      return;
    if (CI.getDiagnostics().hasErrorOccurred())
      return; // never rewrite code that does not compile
    if (FD->isDependentContext())
      return; // a template: its instantiations arrive on their own
    if (!Visited.insert(FD).second)
      return;
    if (CI.getSourceManager().isInSystemHeader(FD->getLocation()))
      return;
    // The runtime's own code, and whatever only the plugin's tail brought in, is never traced.
    if (isRuntimeCode(FD) || Injection.isInTail(FD->getLocation()))
      return;
    // Calls of LLM clients first (autolog/), then lambdas, from the body as written.
    Autolog.rewriteCallsIn(FD);
    visitLambdasIn(FD->getBody());
    if (auto Request = annotatedRequest(FD))
      instrument(FD, *Request, /*Explicit=*/true);
    else if (!TracesByName)
      return;
    else if (auto Rule = Rules.requestFor(FD))
      instrument(FD, *Rule, /*Explicit=*/true);
    else if (selectedByFilter(FD))
      instrument(FD, TraceRequest(), /*Explicit=*/false);
  }

  void visitLambdasIn(Stmt *S) {
    LambdaCollector Collector;
    Collector.TraverseStmt(S);
    for (CXXMethodDecl *CallOperator : Collector.CallOperators) {
      if (!Visited.insert(CallOperator).second || CallOperator->isDependentContext())
        continue;
      visitLambdasIn(CallOperator->getBody());
      if (auto Request = annotatedRequest(CallOperator))
        instrument(CallOperator, *Request, /*Explicit=*/true);
    }
  }

  // In the runtime's namespace (::mlflow, whose inline ABI namespace holds all of it).
  static bool isRuntimeCode(const FunctionDecl *FD) {
    const NamespaceDecl *Outermost = nullptr;
    for (const DeclContext *DC = FD->getDeclContext(); DC; DC = DC->getParent())
      if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
        Outermost = NS;
    return Outermost && Outermost->getName() == "mlflow";
  }

  bool selectedByFilter(const FunctionDecl *FD) {
    if (Include.empty() || FD->isImplicit())
      return false;
    if (const auto *Method = dyn_cast<CXXMethodDecl>(FD); Method && Method->getParent()->isLambda())
      return false;
    // Never a constexpr (or consteval) function, in any standard: a filter must not change a
    // constant expression, and compile-time helpers are rarely what a trace is for (only an
    // annotation traces one, from C++20 on).
    if (FD->isConstexpr())
      return false;
    // The name as Clang prints it leaves an inline namespace out where it is not needed
    // (lib::v2::parse is lib::parse); a filter may name it either way.
    std::string Name = FD->getQualifiedNameAsString();
    std::string Spelled; // with the inline namespaces, only for a function inside one
    bool InInlineNamespace = false;
    for (const DeclContext *DC = FD->getDeclContext(); DC && !InInlineNamespace; DC = DC->getParent())
      InInlineNamespace = DC->isInlineNamespace();
    if (InInlineNamespace) {
      llvm::raw_string_ostream OS(Spelled);
      PrintingPolicy Policy = FD->getASTContext().getPrintingPolicy();
      Policy.SuppressInlineNamespace = 0; // none suppressed (a bool up to Clang 19, an enum after)
      FD->printQualifiedName(OS, Policy);
    }
    auto Matches = [&](llvm::Regex &R) {
      return R.match(Name) || (!Spelled.empty() && Spelled != Name && R.match(Spelled));
    };
    return llvm::any_of(Include, Matches) && !llvm::any_of(Exclude, Matches);
  }

  void instrument(FunctionDecl *FD, const TraceRequest &Request, bool Explicit) {
    auto Outcome = Instrumenter->instrument(FD, Request, Explicit);
    // Done with the annotation: it would only keep the function alive in the object file.
    // (Kept when the AST is dumped or printed, or goes into a PCH.)
    if (GeneratesCode && (Outcome == FunctionInstrumenter::Outcome::Instrumented ||
                          Outcome == FunctionInstrumenter::Outcome::AlreadyDone))
      stripTraceAnnotations(FD);
    if (Options.Debug && Outcome == FunctionInstrumenter::Outcome::Instrumented)
      llvm::errs() << "mlflow plugin: traced " << FD->getQualifiedNameAsString() << " ("
                   << Request.SpanType << ")\n";
  }

  CompilerInstance &CI;
  const PluginOptions Options; // a copy: Clang destroys the action once it made the consumer
  const bool GeneratesCode;
  std::vector<llvm::Regex> Include, Exclude;
  std::unique_ptr<FunctionInstrumenter> Instrumenter;
  Sema *SemaForTail = nullptr;
  bool TracesByName = false; // include= or autolog-rules= given, in C++17 or later
  llvm::DenseSet<const FunctionDecl *> Visited;
  RuntimeInjection Injection;
  AutologRewriter Autolog; // after Injection, which it uses
  AutologRules Rules;
};

class MlflowTraceAction : public PluginASTAction {
public:
  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    // The main file has been looked up but not read: the prelude (name filters) and the tail
    // can still be added (inject/RuntimeInjection.h).
    auto Consumer = std::make_unique<MlflowTraceConsumer>(CI, Options);
    Consumer->loadRules(); // a malformed file is an error: the compilation fails
    Consumer->prepareInjection();
    return Consumer;
  }

  bool ParseArgs(const CompilerInstance &CI, const std::vector<std::string> &Args) override {
    if (const char *Env = std::getenv("MLFLOW_PLUGIN_DEBUG"); Env && *Env && llvm::StringRef(Env) != "0")
      Options.Debug = true;
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    bool Ok = true;
    auto Error = [&](llvm::StringRef Message, llvm::StringRef Arg) {
      Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error, "mlflow plugin: %0 '%1'"))
          << Message << Arg;
      Ok = false;
    };
    for (const std::string &Arg : Args) {
      llvm::StringRef A(Arg);
      if (A == "help") {
        llvm::errs() << Help << "Autolog integrations: " << idList() << "\n";
      } else if (A == "debug") {
        Options.Debug = true;
      } else if (A.consume_front("include=") || A.consume_front("exclude=")) {
        std::string Why;
        if (!llvm::Regex(A).isValid(Why))
          Error("invalid regular expression (" + Why + ") in", Arg);
        (llvm::StringRef(Arg).starts_with("include=") ? Options.Include : Options.Exclude)
            .push_back(A.str());
      } else if (A.consume_front("exceptions=")) {
        if (A == "catch" || A == "guard")
          Options.GuardExceptions = A == "guard";
        else
          Error("exceptions= takes catch or guard, not", Arg);
      } else if (A.consume_front("autolog-rules=")) {
        if (A.empty())
          Error("autolog-rules= needs a file name in", Arg);
        Options.AutologRulesFile = A.str();
      } else if (A.consume_front("autolog=")) {
        Options.Autolog = AutologSelection();
        if (A == "all")
          continue;
        Options.Autolog.All = false;
        if (A == "none")
          continue;
        std::vector<std::string> Known = autologIntegrationIds();
        llvm::SmallVector<llvm::StringRef, 8> Ids;
        A.split(Ids, ',', -1, /*KeepEmpty=*/false);
        for (llvm::StringRef Id : Ids) {
          Id = Id.trim();
          if (llvm::is_contained(Known, Id))
            Options.Autolog.Ids.insert(Id);
          else
            Error("unknown autolog integration (known: all, none, " + idList() + ") in", Arg);
        }
      } else {
        Error("unknown argument (known: help, debug, include=<regex>, exclude=<regex>, "
              "exceptions=catch|guard, autolog=<ids>, autolog-rules=<file>; pass "
              "them as -fplugin-arg-mlflow-<arg>)",
              Arg);
      }
    }
    // Returning false leaves the plugin out of this compilation; the error above fails it.
    return Ok;
  }

private:
  PluginOptions Options;
};

} // namespace
} // namespace mlflow::plugin

static clang::FrontendPluginRegistry::Add<mlflow::plugin::MlflowTraceAction>
    X(mlflow::plugin::PluginName,
      "MLflow tracing: turn functions annotated [[mlflow::trace]] into spans");
