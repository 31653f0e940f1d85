//===- RuntimeInjection.cpp - What the plugin adds to a file, and where ----===//
#include "RuntimeInjection.h"

#include "clang/Basic/FileEntry.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/MemoryBuffer.h"

#include <string>

using namespace clang;

namespace mlflow::plugin {
namespace {

// The runtime's headers that the plugin adds are compiled with every warning off: the file's
// own warning flags (-Weverything -Werror, as GSL's and doctest's test builds use) are the
// user's choice for the user's code, and must not fail a build on headers it never included
// (test/robustness/NOTES.md, problem E). Only warnings located in those headers are affected.
std::string quietInclude(llvm::StringRef Header) {
  return "#pragma clang diagnostic push\n#pragma clang diagnostic ignored \"-Weverything\"\n"
         "#include " +
         Header.str() + "\n#pragma clang diagnostic pop\n";
}

// Ahead of the file: what the generated code names, and nothing else (prelude.h says why).
std::string prelude() { return "\n" + quietInclude("<mlflow/detail/prelude.h>"); }
// The same for autolog, in every file: only where the runtime can be found, and from C++17 on
// (the runtime's floor; the plugin says so, with a remark, at a call it then leaves alone).
std::string autologPrelude() {
  return "\n#if defined(__cplusplus) && __cplusplus >= 201703L && "
         "__has_include(<mlflow/detail/prelude.h>)\n" +
         quietInclude("<mlflow/detail/prelude.h>") + "#endif\n";
}

std::string autologMacro(llvm::StringRef Id);

// When the tail brings in one integration's adapter: the client's header was read (its macro,
// defined by noteClientHeader) and, where it has one, its include guard is defined (a header of
// the same name that is not the client's never brings in an adapter that would not compile).
std::string adapterCondition(const AutologAdapter &Adapter) {
  std::string Condition = "defined(" + autologMacro(Adapter.Id) + ")";
  if (!Adapter.GuardMacro.empty())
    Condition += " && defined(" + Adapter.GuardMacro + ")";
  return Condition;
}

std::string autologMacro(llvm::StringRef Id) {
  std::string Name = std::string(AutologMacro) + "_" + Id.str();
  for (char &C : Name)
    if (C == '-')
      C = '_';
  return Name;
}

// After the file's last line. The two newlines end a last line without one, and a last line
// ending in a backslash (which would splice the next line into it). Without the runtime on the
// include path nothing is added (the instrumenter then says the runtime is not declared).
//
// It ends where the file ended: Clang puts the end-of-file token on a file's final newline, or
// after its last character, and diagnostics about an unfinished declaration point there. A #line
// directive and padding put it on the same line and column again (and a file without a final
// newline still ends without one).
std::string tail(llvm::StringRef Text, const std::vector<AutologAdapter> &Adapters) {
  bool EndsWithNewline = Text.ends_with("\n");
  llvm::StringRef LastLine = EndsWithNewline ? Text.drop_back() : Text;
  size_t LineStart = LastLine.rfind('\n');
  LastLine = LineStart == llvm::StringRef::npos ? LastLine : LastLine.drop_front(LineStart + 1);
  // On the final newline (line n of a text with n newlines), or after the last character.
  unsigned EndLine = static_cast<unsigned>(Text.count('\n')) + (EndsWithNewline ? 0 : 1);
  // First a declaration of nothing, valid at any scope: the parser reads one token past the
  // file's last declaration before the consumer sees that declaration, and with the token the
  // directives before it. The fence is that token, so the #if below is read only once the last
  // function has been instrumented (and has said whether it captures a value of another type).
  std::string Tail = "\n\n#if defined(" + std::string(TailMacro) + ") && __cplusplus >= 201103L\n"
                     "#pragma clang diagnostic push\n"
                     "#pragma clang diagnostic ignored \"-Weverything\"\n"
                     "static_assert(true, \"\");\n"
                     "#pragma clang diagnostic pop\n"
                     "#endif\n"
                     "#if defined(" + TailMacro + ") && defined(__cplusplus) && "
                     "__has_include(<mlflow/detail/function_span.h>)\n"
                     "#if defined(" + std::string(GenericCapturesMacro) +
                     ") || defined(INCLUDE_NLOHMANN_JSON_HPP_)\n" +
                     quietInclude("<mlflow/detail/function_span.h>") + "#else\n" +
                     quietInclude("<mlflow/detail/library_capture.h>") + "#endif\n#endif\n";
  if (!Adapters.empty()) {
    Tail += std::string("#if defined(") + AutologMacro +
            ") && __cplusplus >= 201703L && __has_include(<mlflow/detail/autolog/redirect.h>)\n" +
            quietInclude("<mlflow/detail/autolog/redirect.h>");
    for (const AutologAdapter &Adapter : Adapters)
      Tail += "#if " + adapterCondition(Adapter) + "\n" +
              quietInclude("<mlflow/detail/autolog/" + Adapter.Id + ".h>") + "#endif\n";
    Tail += "#endif\n";
  }
  Tail += "#line " +
                     std::to_string(EndLine) + "\n";
  Tail.append(LastLine.size(), ' ');
  if (EndsWithNewline)
    Tail += '\n';
  return Tail;
}

} // namespace

void RuntimeInjection::prepare(CompilerInstance &CI, bool NameFilters,
                               const std::vector<AutologAdapter> &AutologAdapters) {
  if (!CI.getLangOpts().CPlusPlus)
    return;
  Preprocessor &PP = CI.getPreprocessor();
  // A name filter traces templates too, instantiated after the tail is read: their captures
  // may be of any type.
  if (NameFilters)
    PP.setPredefines(PP.getPredefines() + prelude() + "#define " + TailMacro + " 1\n#define " +
                     GenericCapturesMacro + " 1\n");
  else if (!AutologAdapters.empty())
    PP.setPredefines(PP.getPredefines() + autologPrelude());

  // The tail: the main file's text with the tail after it, as a new main file. The main file
  // has been looked up but not read yet (the lexer starts after this), so the new FileID is
  // the one the whole compilation sees. A new FileID rather than only new contents: the
  // source locations of a file are reserved when its FileID is made, for its size then.
  SourceManager &Sources = CI.getSourceManager();
  SM = &Sources;
  FileID Main = Sources.getMainFileID();
  if (Main.isInvalid())
    return;
  OptionalFileEntryRef Entry = Sources.getFileEntryRefForID(Main);
  if (!Entry)
    return; // standard input or a memory buffer: no tail (include the runtime by hand)
  std::optional<llvm::MemoryBufferRef> Buffer = Sources.getBufferOrNone(Main);
  if (!Buffer)
    return;
  llvm::StringRef Text = Buffer->getBuffer();
  SrcMgr::CharacteristicKind Kind = Sources.getFileCharacteristic(Sources.getLocForStartOfFile(Main));
  std::string WithTail = Text.str();
  WithTail += tail(Text, AutologAdapters);
  Sources.overrideFileContents(*Entry, llvm::MemoryBuffer::getMemBufferCopy(WithTail, Entry->getName()));
  MainFile = Sources.createFileID(*Entry, SourceLocation(), Kind);
  Sources.setMainFileID(MainFile);
  TailOffset = static_cast<unsigned>(Text.size());
}

namespace {
void defineOnce(Preprocessor &PP, llvm::StringRef MacroName, SourceLocation Loc) {
  IdentifierInfo *Name = PP.getIdentifierInfo(MacroName);
  if (PP.isMacroDefined(Name))
    return;
  MacroInfo *Macro = PP.AllocateMacroInfo(Loc);
  Macro->setDefinitionEndLoc(Loc);
  Macro->setIsUsed(true); // the tail uses it; never an unused-macro warning
  PP.appendDefMacroDirective(Name, Macro, Loc);
}
} // namespace

void RuntimeInjection::requireTail(Preprocessor &PP, SourceLocation Loc) {
  defineOnce(PP, TailMacro, Loc);
}

void RuntimeInjection::requireGenericCaptures(Preprocessor &PP, SourceLocation Loc) {
  defineOnce(PP, GenericCapturesMacro, Loc);
}

void RuntimeInjection::noteClientHeader(Preprocessor &PP, llvm::StringRef IntegrationId,
                                        SourceLocation Loc) {
  defineOnce(PP, AutologMacro, Loc);
  defineOnce(PP, autologMacro(IntegrationId), Loc);
}

bool RuntimeInjection::adapterWillBeIncluded(Preprocessor &PP, const AutologAdapter &Adapter) {
  auto Defined = [&](llvm::StringRef Name) {
    return PP.isMacroDefined(PP.getIdentifierInfo(Name));
  };
  return Defined(autologMacro(Adapter.Id)) &&
         (Adapter.GuardMacro.empty() || Defined(Adapter.GuardMacro));
}

bool RuntimeInjection::isInTail(SourceLocation Loc) {
  if (TailOffset == 0 || Loc.isInvalid())
    return false;
  Loc = SM->getExpansionLoc(Loc);
  FileID File = SM->getFileID(Loc);
  if (File == MainFile)
    return SM->getFileOffset(Loc) >= TailOffset;
  if (auto Known = TailFiles.find(File); Known != TailFiles.end())
    return Known->second;
  SourceLocation IncludedFrom = SM->getIncludeLoc(File);
  bool InTail = IncludedFrom.isValid() && isInTail(IncludedFrom);
  TailFiles[File] = InTail;
  return InTail;
}

} // namespace mlflow::plugin
