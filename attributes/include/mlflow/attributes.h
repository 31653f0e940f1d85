// mlflow/attributes.h: the annotation macros for functions traced by the mlflow-cpp Clang plugin.
//
//   MLFLOW_TRACE()                      a span of type UNKNOWN named after the function
//   MLFLOW_TRACE(CHAIN)                 any of the 15 MLflow span types (mlflow/span_types.def)
//   MLFLOW_TRACE(TOOL, "search_docs")   with an explicit span name
//   MLFLOW_TRACE(TOOL, no_output)       without recording the return value
//   void login(MLFLOW_NO_CAPTURE const std::string& password)   a parameter left out of inputs
//
// The macros expand to `[[mlflow::trace(...)]]` only when the plugin is loaded (it makes
// `__has_cpp_attribute(mlflow::trace)` true; under Clang 16, which does not ask plugins, it
// defines __mlflow_cpp_trace_attribute instead, and the macros use the GNU spellings
// __attribute__((mlflow_trace(...))), whose arguments Clang 16 keeps); otherwise they expand to nothing, so the same
// source builds warning-free with GCC, clangd, clang-tidy and a plain clang. Defining
// MLFLOW_CPP_DISABLE turns every macro into a no-op even when the plugin is loaded.
//
// This header depends on nothing and may be included from C++ code of any standard >= 11.
#ifndef MLFLOW_ATTRIBUTES_H
#define MLFLOW_ATTRIBUTES_H

#if !defined(MLFLOW_CPP_DISABLE) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(mlflow::trace) || defined(__mlflow_cpp_trace_attribute)
#define MLFLOW_CPP_PLUGIN_ACTIVE 1
#endif
#endif

#if defined(MLFLOW_CPP_PLUGIN_ACTIVE) && defined(__mlflow_cpp_trace_attribute)
// Clang 16 skips the arguments of [[mlflow::trace(...)]]: the GNU spellings keep them.
#define MLFLOW_TRACE(...) __attribute__((mlflow_trace(__VA_ARGS__)))
#define MLFLOW_NO_CAPTURE __attribute__((mlflow_no_capture))
#elif defined(MLFLOW_CPP_PLUGIN_ACTIVE)
#define MLFLOW_TRACE(...) [[mlflow::trace(__VA_ARGS__)]]
#define MLFLOW_NO_CAPTURE [[mlflow::no_capture]]
#else
#define MLFLOW_TRACE(...)
#define MLFLOW_NO_CAPTURE
#endif

#endif  // MLFLOW_ATTRIBUTES_H
