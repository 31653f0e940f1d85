//===- AutologRules.cpp - The user's own LLM wrappers, from a rules file --===//
#include "autolog/AutologRules.h"

#include "attribute/TraceAttribute.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace mlflow::plugin {
namespace {

constexpr llvm::StringLiteral UsageFormats[] = {"auto", "openai", "anthropic", "ollama", "gemini",
                                                "none"};

bool isIdentifier(llvm::StringRef Name) {
  return !Name.empty() && !isdigit(static_cast<unsigned char>(Name[0])) &&
         llvm::all_of(Name, [](char C) { return isalnum(static_cast<unsigned char>(C)) || C == '_'; });
}

// A qualified name: identifiers separated by `::` (a leading `::` allowed).
bool isQualifiedName(llvm::StringRef Name) {
  Name.consume_front("::");
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Name.split(Parts, "::");
  return llvm::all_of(Parts, isIdentifier);
}

} // namespace

bool AutologRules::load(CompilerInstance &CI, llvm::StringRef Path) {
  DiagnosticsEngine &Diags = CI.getDiagnostics();
  SourceManager &SM = CI.getSourceManager();
  llvm::Expected<FileEntryRef> File = CI.getFileManager().getFileRef(Path);
  if (!File) {
    llvm::consumeError(File.takeError());
    Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                       "mlflow plugin: cannot read the autolog rules file '%0'"))
        << Path;
    return false;
  }
  // A FileID of its own, so that every diagnostic points at the rules file's line and column.
  FileID ID = SM.createFileID(*File, SourceLocation(), SrcMgr::C_User);
  std::optional<llvm::MemoryBufferRef> Buffer = SM.getBufferOrNone(ID);
  if (!Buffer)
    return false;
  llvm::StringRef Text = Buffer->getBuffer();
  SourceLocation Start = SM.getLocForStartOfFile(ID);
  unsigned ErrorID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "mlflow plugin: %0");
  bool Ok = true;
  auto Error = [&](llvm::StringRef At, const llvm::Twine &Message) {
    Diags.Report(Start.getLocWithOffset(At.data() - Text.data()), ErrorID) << Message.str();
    Ok = false;
  };

  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Text.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    size_t Hash = Line.find('#');
    llvm::StringRef Content = Line.substr(0, Hash).rtrim(" \t\r");
    llvm::SmallVector<llvm::StringRef, 8> Words;
    Content.split(Words, ' ', -1, /*KeepEmpty=*/false);
    // Tabs separate words too.
    llvm::SmallVector<llvm::StringRef, 8> Fields;
    for (llvm::StringRef Word : Words) {
      llvm::SmallVector<llvm::StringRef, 2> Parts;
      Word.split(Parts, '\t', -1, /*KeepEmpty=*/false);
      Fields.append(Parts.begin(), Parts.end());
    }
    if (Fields.empty())
      continue;
    llvm::StringRef Name = Fields[0];
    if (!isQualifiedName(Name)) {
      Error(Name, "'" + Name + "' is not a function's qualified name (as ns::Class::member)");
      continue;
    }
    Name.consume_front("::");
    TraceRequest Request;
    bool HasType = false;
    for (llvm::StringRef Field : llvm::ArrayRef(Fields).drop_front()) {
      auto [Key, Value] = Field.split('=');
      if (!Field.contains('=') || Value.empty()) {
        Error(Field, "expected key=value (type=, name=, inputs=, output=, usage=), found '" +
                         Field + "'");
      } else if (Key == "type") {
        HasType = true;
        if (!isSpanType(Value))
          Error(Value, "unknown span type '" + Value + "' (known: " +
                           llvm::join(spanTypes(), ", ") + ")");
        Request.SpanType = Value.str();
      } else if (Key == "name") {
        Request.Name = Value.str();
      } else if (Key == "inputs") {
        if (Value == "*")
          continue;
        Request.Inputs.emplace();
        if (Value == "none")
          continue;
        llvm::SmallVector<llvm::StringRef, 4> Params;
        Value.split(Params, ',');
        for (llvm::StringRef Param : Params) {
          if (!isIdentifier(Param))
            Error(Param.empty() ? Value : Param,
                  "'" + Param + "' is not a parameter name in inputs=" + Value);
          Request.Inputs->push_back(Param.str());
        }
      } else if (Key == "output") {
        if (Value != "return" && Value != "none")
          Error(Value, "output= is 'return' or 'none', not '" + Value + "'");
        Request.CaptureOutput = Value == "return";
      } else if (Key == "usage") {
        if (!llvm::is_contained(UsageFormats, Value))
          Error(Value, "usage= is one of " + llvm::join(llvm::ArrayRef(UsageFormats), ", ") + ", not '" + Value +
                           "'");
        Request.LlmFormat = Value.str();
      } else {
        Error(Key, "unknown setting '" + Key + "' (known: type, name, inputs, output, usage)");
      }
    }
    if (!HasType) {
      Error(Name, "the rule for '" + Name + "' has no type= (the span type)");
      continue;
    }
    if (Request.LlmFormat.empty())
      Request.LlmFormat = "auto";
    if (Request.LlmFormat == "none")
      Request.LlmFormat.clear();
    if (!Rules.try_emplace(Name, std::move(Request)).second)
      Error(Fields[0], "a second rule for '" + Name + "' (one rule per function)");
  }
  return Ok;
}

std::optional<TraceRequest> AutologRules::requestFor(const FunctionDecl *FD) const {
  if (Rules.empty() || !FD->getIdentifier())
    return std::nullopt;
  auto Found = Rules.find(FD->getQualifiedNameAsString());
  if (Found == Rules.end())
    return std::nullopt;
  return Found->second;
}

} // namespace mlflow::plugin
