//===- TraceAttribute.h - [[mlflow::trace]] and [[mlflow::no_capture]] -------===//
//
// The attribute half of the plugin: it checks where the attributes are written and what their
// arguments say, and records the result on the declaration as an AnnotateAttr
// (TraceRequest::encode(), or TraceRequest's NoCaptureAnnotation) for the AST consumer
// (MlflowTracePlugin.cpp) and the instrumenter (instrument/) to read. It instruments nothing
// itself, and does not judge whether a function can be traced (coroutines, consteval, ...): the
// instrumenter warns about those.
//
// Accepted forms (the span type is always an identifier, the span name always a string literal;
// the type, if given, comes first; no_output may come anywhere after it):
//
//   [[mlflow::trace]]  [[mlflow::trace()]]          type UNKNOWN, span named after the function
//   [[mlflow::trace(CHAIN)]]                        any span type of <mlflow/span_types.def>
//   [[mlflow::trace("search_docs")]]                a span name, type UNKNOWN
//   [[mlflow::trace(TOOL, "search_docs")]]
//   [[mlflow::trace(TOOL, no_output)]]              do not record the return value
//   [[mlflow::trace(TOOL, "search_docs", no_output)]]
//   __attribute__((mlflow_trace(CHAIN)))            the GNU spelling, same arguments
//   MLFLOW_TRACE(...)                               <mlflow/attributes.h>: the attribute when the
//                                                   plugin is loaded, nothing otherwise
//   void f([[mlflow::no_capture]] const Secret& s)  do not record this parameter
//   (GNU: __attribute__((mlflow_no_capture)))
//
// Errors, at the offending argument: an unknown span type (with the closest one suggested, or the
// list), a span type that is not first or is given twice, a span name given twice or empty, an
// unknown option (no_output is the only one), any other kind of argument (a number, a
// variable), more than three arguments, and a second, different [[mlflow::trace]] on the same
// declaration. Wrong subjects: 'mlflow::trace' only applies to functions (a lambda takes it after
// its introducer, `[] [[mlflow::trace]] (int x) {...}`, and it lands on the call operator),
// 'mlflow::no_capture' only to function parameters.
//
// Two Clang 19 parser limitations shape the implementation:
//
//  1. The arguments of a *scoped* C++11 plugin attribute are parsed only if the plugin also
//     answers to the unscoped name. So "trace" and "no_capture" are registered as extra CXX11
//     spellings; when written unscoped (`[[trace]]`) they are warned about ("did you mean
//     'mlflow::trace'?") and ignored.
//  2. Only the *first* argument of a plugin attribute can be a bare identifier; later ones are
//     parsed as expressions, so `[[mlflow::trace(TOOL, no_output)]]` would fail with "use of
//     undeclared identifier 'no_output'" and the attribute would be dropped. TraceAttribute.cpp
//     therefore also registers a small plugin action, "mlflow-trace-args", which watches the
//     token stream for the argument lists of `trace(`/`mlflow_trace(` and resolves the otherwise
//     undeclared identifiers written there (and only there, and only while Sema parses attribute
//     arguments) to a placeholder, through an ExternalSemaSource. The handler then reads such an
//     argument back by its spelling. A name the code does declare (a variable `no_output`, an
//     enumerator `TOOL`) arrives as a reference to that declaration and is also read by its
//     spelling. The action uses the Preprocessor's single token-watcher slot.
//
// Both attribute infos and the action are registered by static objects in TraceAttribute.cpp,
// so they are active whenever mlflow-plugin.so is loaded. Tests: test/lit/attribute/.
//===----------------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_ATTRIBUTE_TRACEATTRIBUTE_H
#define MLFLOW_PLUGIN_ATTRIBUTE_TRACEATTRIBUTE_H

#include "clang/Sema/ParsedAttr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlflow::plugin {

/// The MLflow span types, in the order of <mlflow/span_types.def>.
llvm::ArrayRef<llvm::StringLiteral> spanTypes();

/// Whether \p Name is one of spanTypes() (case-sensitive).
bool isSpanType(llvm::StringRef Name);

/// `[[mlflow::trace(...)]]`, `[[trace(...)]]` (rejected, see above) and
/// `__attribute__((mlflow_trace(...)))`, on functions.
struct TraceAttrInfo : clang::ParsedAttrInfo {
  TraceAttrInfo();
  bool diagAppertainsToDecl(clang::Sema& S, const clang::ParsedAttr& A,
                            const clang::Decl* D) const override;
  AttrHandling handleDeclAttribute(clang::Sema& S, clang::Decl* D,
                                   const clang::ParsedAttr& A) const override;
};

/// `[[mlflow::no_capture]]`, `[[no_capture]]` (rejected) and `__attribute__((mlflow_no_capture))`,
/// on function parameters. No arguments.
struct NoCaptureAttrInfo : clang::ParsedAttrInfo {
  NoCaptureAttrInfo();
  bool diagAppertainsToDecl(clang::Sema& S, const clang::ParsedAttr& A,
                            const clang::Decl* D) const override;
  AttrHandling handleDeclAttribute(clang::Sema& S, clang::Decl* D,
                                   const clang::ParsedAttr& A) const override;
};

}  // namespace mlflow::plugin

#endif  // MLFLOW_PLUGIN_ATTRIBUTE_TRACEATTRIBUTE_H
