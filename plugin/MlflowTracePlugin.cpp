// MlflowTracePlugin.cpp: the mlflow-cpp Clang plugin -- SKELETON.
//
// This is the build skeleton that the plugin issue fills in: it registers the plugin action
// "mlflow", parses its arguments and installs an AST consumer that does nothing yet. What the
// plugin issue adds here (see /work/shared/docs/clang-plugin-notes.md):
//   - the `mlflow::trace` attribute (ParsedAttrInfo, stored as an AnnotateAttr),
//   - the body rewriting in HandleTopLevelDecl / HandleInlineFunctionDefinition, with Sema.
//
// Loaded with `clang++ -fplugin=mlflow-plugin.so ...` (no `-Xclang -add-plugin` needed: the
// action type is AddBeforeMainAction, so the consumer runs in front of CodeGen). Arguments:
// `-fplugin-arg-mlflow-<arg>` (or `-Xclang -plugin-arg-mlflow -Xclang <arg>`); see kHelp.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/DeclGroup.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace {

constexpr const char* kPluginName = "mlflow";

constexpr const char* kHelp =
    "mlflow-cpp Clang plugin: turns MLFLOW_TRACE(...) / [[mlflow::trace]] annotations into spans.\n"
    "Usage: clang++ -fplugin=<path>/mlflow-plugin.so [-fplugin-arg-mlflow-<arg>]... <sources>\n"
    "Arguments:\n"
    "  help     print this help (compilation continues)\n"
    "  debug    report what the plugin does on stderr (as does MLFLOW_PLUGIN_DEBUG=1)\n";

struct PluginOptions {
  bool debug = false;
};

// Does nothing yet; the plugin issue rewrites annotated function bodies here. Must keep
// returning true from HandleTopLevelDecl: MultiplexConsumer stops forwarding (to CodeGen!) once
// a consumer returns false.
class MlflowTraceConsumer : public clang::ASTConsumer {
 public:
  MlflowTraceConsumer(clang::CompilerInstance& ci, PluginOptions options, std::string file)
      : ci_(ci), options_(options), file_(std::move(file)) {}

  bool HandleTopLevelDecl(clang::DeclGroupRef) override { return true; }

  void HandleTranslationUnit(clang::ASTContext&) override {
    if (options_.debug) llvm::errs() << "mlflow plugin: processed " << file_ << "\n";
  }

 private:
  [[maybe_unused]] clang::CompilerInstance& ci_;
  PluginOptions options_;
  std::string file_;
};

class MlflowTraceAction : public clang::PluginASTAction {
 public:
  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci,
                                                        llvm::StringRef in_file) override {
    return std::make_unique<MlflowTraceConsumer>(ci, options_, in_file.str());
  }

  bool ParseArgs(const clang::CompilerInstance& ci,
                 const std::vector<std::string>& args) override {
    if (const char* env = std::getenv("MLFLOW_PLUGIN_DEBUG"); env && *env && std::string(env) != "0")
      options_.debug = true;
    bool ok = true;
    for (const std::string& arg : args) {
      if (arg == "help") {
        llvm::errs() << kHelp;
      } else if (arg == "debug") {
        options_.debug = true;
      } else {
        clang::DiagnosticsEngine& diags = ci.getDiagnostics();
        unsigned id = diags.getCustomDiagID(
            clang::DiagnosticsEngine::Error,
            "mlflow plugin: unknown argument '%0' (known: help, debug; "
            "pass them as -fplugin-arg-mlflow-<arg>)");
        diags.Report(id) << arg;
        ok = false;
      }
    }
    // Returning false leaves the plugin out of this compilation; the error above fails it.
    return ok;
  }

 private:
  PluginOptions options_;
};

}  // namespace

static clang::FrontendPluginRegistry::Add<MlflowTraceAction> X(
    kPluginName, "MLflow tracing: instrument functions annotated with [[mlflow::trace]]");
