//===- ArgumentCapture.h - Record a traced function's arguments -----------===//
//
// A span's inputs: every named parameter, unless marked [[mlflow::no_capture]], under one test,
//
//   if (::mlflow::detail::recording(__mlflow_span)) {
//     ::mlflow::detail::record_arg(__mlflow_span, "x", x);
//     ...
//   }
//
// The elements of a parameter pack share one name and are recorded as one list
// (record_pack_arg). In a function selected by a name filter the record_unannotated_* hooks are
// called instead (a `const char*` is then recorded as an address). Tests:
// test/lit/instrument/ (free-function, variadic-pack, no-capture-param, ...).
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INSTRUMENT_ARGUMENTCAPTURE_H
#define MLFLOW_PLUGIN_INSTRUMENT_ARGUMENTCAPTURE_H

#include "instrument/HookBuilder.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

#include <string>
#include <vector>

namespace mlflow::plugin {

class ArgumentCapture {
public:
  explicit ArgumentCapture(HookBuilder &Hooks) : Hooks(Hooks) {}

  // The statement that records FD's arguments on Span, built at Loc; null when there is
  // nothing to record. `Only`: the names of the parameters to record (an autolog rule's
  // inputs=); null: every named one not marked [[mlflow::no_capture]].
  clang::Stmt *build(clang::FunctionDecl *FD, clang::VarDecl *Span, clang::SourceLocation Loc,
                     const std::vector<std::string> *Only = nullptr);

private:
  HookBuilder &Hooks;
};

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_INSTRUMENT_ARGUMENTCAPTURE_H
