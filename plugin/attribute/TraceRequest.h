//===- TraceRequest.h - What one [[mlflow::trace]] asks for ------------------===//
//
// The attribute handler (TraceAttribute.cpp) validates `[[mlflow::trace(...)]]` and records
// the result on the function as an AnnotateAttr whose text is TraceRequest::encode(); the AST
// consumer (MlflowTracePlugin.cpp) reads it back with TraceRequest::decode() and hands it to
// the instrumenter (instrument/), whose ArgumentCapture skips NoCaptureAnnotation parameters. An
// AnnotateAttr is used, rather than a side table, because Clang copies it to redeclarations,
// template instantiations and PCHs for us.
//
// Encoding: "mlflow.trace:<SPAN_TYPE>;<flags>;<name>" where flags is a comma-separated list
// (no_output) and the name (possibly empty: use the function's) comes last so it may contain
// any character. A parameter marked [[mlflow::no_capture]] carries AnnotateAttr
// "mlflow.no_capture".
//===----------------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_ATTRIBUTE_TRACEREQUEST_H
#define MLFLOW_PLUGIN_ATTRIBUTE_TRACEREQUEST_H

#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace mlflow::plugin {

inline constexpr llvm::StringLiteral TraceAnnotationPrefix = "mlflow.trace:";
inline constexpr llvm::StringLiteral NoCaptureAnnotation = "mlflow.no_capture";

struct TraceRequest {
  std::string SpanType = "UNKNOWN";  // one of span_types.def
  std::string Name;                  // empty: the function's own name
  bool CaptureOutput = true;
  // From an autolog rule only (autolog/AutologRules.h), never encoded in an annotation:
  std::optional<std::vector<std::string>> Inputs; // the parameters recorded; none: all
  std::string LlmFormat; // how usage is read from the output ("auto", "openai", ...); empty: not

  std::string encode() const {
    return std::string(TraceAnnotationPrefix) + SpanType + ";" +
           (CaptureOutput ? "" : "no_output") + ";" + Name;
  }

  static std::optional<TraceRequest> decode(llvm::StringRef Annotation) {
    if (!Annotation.consume_front(TraceAnnotationPrefix)) return std::nullopt;
    auto [Type, Rest] = Annotation.split(';');
    auto [Flags, Name] = Rest.split(';');
    TraceRequest R;
    R.SpanType = Type.str();
    R.Name = Name.str();
    llvm::SmallVector<llvm::StringRef, 2> Parts;
    Flags.split(Parts, ',', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef Flag : Parts)
      if (Flag == "no_output") R.CaptureOutput = false;
    return R;
  }
};

}  // namespace mlflow::plugin

#endif  // MLFLOW_PLUGIN_ATTRIBUTE_TRACEREQUEST_H
