// mlflow/detail/function_span.h: what the Clang plugin's generated code calls.
//
// For a function annotated [[mlflow::trace(TOOL)]] the plugin rewrites the body to, in effect:
//
//   std::string search(const std::string& query, int k) {
//     ::mlflow::detail::FunctionSpan __mlflow_span("search", "TOOL", "search", "app::search",
//                                                  "app.cpp", 12, /*annotated=*/true);
//     ::mlflow::detail::record_arg(__mlflow_span, "query", query);
//     ::mlflow::detail::record_arg(__mlflow_span, "k", k);   // record_pack_arg for a pack
//     try {
//       ...original body, with each `return e;` turned into
//          `return ::mlflow::detail::record_return(__mlflow_span, e);`
//       and each `return local;` into
//          `{ ::mlflow::detail::record_return(__mlflow_span, local); return local; }`
//     } catch (...) {
//       ::mlflow::detail::record_exception(__mlflow_span);
//       throw;
//     }
//   }
//
// The hooks are small on purpose: one constructor in, one destructor out, and capture calls
// that do nothing unless the span is recording. The strings are literals, so starting a span
// builds nothing per call beyond what the span records. Not for use by hand: the names and
// signatures are the plugin's contract with the runtime and change with it.
#ifndef MLFLOW_DETAIL_FUNCTION_SPAN_H
#define MLFLOW_DETAIL_FUNCTION_SPAN_H

#include <nlohmann/json.hpp>

#include <mlflow/capture.h>
#include <mlflow/span.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class [[nodiscard]] MLFLOW_API FunctionSpan {
 public:
  // constexpr from C++20 on, so that a traced constexpr function can still be evaluated at
  // compile time: there the span does nothing.
  //
  // `annotated` is false for a function traced by the plugin's name filters: nobody has looked
  // at its signature, so a `const char*` there may be any pointer (into a buffer without a NUL,
  // say) and is recorded as an address instead of being read as a C string.
  MLFLOW_CONSTEXPR20 FunctionSpan(const char* name, const char* span_type,
                                  const char* function_name, const char* qualified_name,
                                  const char* file, unsigned line, bool annotated) noexcept
      : reads_c_strings_(annotated) {
    if (MLFLOW_IS_CONSTANT_EVALUATED()) return;
    if (g_tracing_enabled.load(std::memory_order_relaxed))
      start(name, span_type, function_name, qualified_name, file, line);
  }
  FunctionSpan(const FunctionSpan&) = delete;
  FunctionSpan& operator=(const FunctionSpan&) = delete;
  MLFLOW_CONSTEXPR20 ~FunctionSpan() = default;  // span_ ends the span

  MLFLOW_CONSTEXPR20 bool recording() const noexcept { return span_.is_recording(); }
  bool reads_c_strings() const noexcept { return reads_c_strings_; }

  // One input, by parameter name.
  void add_input(const char* name, nlohmann::json value) noexcept;
  // One element of a function parameter pack: the input is the list of them, in call order,
  // like Python's *args.
  void add_pack_input(const char* name, nlohmann::json value) noexcept;
  void set_output(nlohmann::json value) noexcept;
  // The exception in flight (std::current_exception()): an `exception` event and status ERROR.
  void record_current_exception() noexcept;

 private:
  void start(const char* name, const char* span_type, const char* function_name,
             const char* qualified_name, const char* file, unsigned line) noexcept;
  Span span_;
  bool reads_c_strings_;
};

// capture(), except for a `const char*` the span may not read (see the constructor).
template <class T>
nlohmann::json capture_argument(const FunctionSpan& span, const T& value) noexcept {
  if constexpr (is_c_string<T>::value) {
    if (!span.reads_c_strings()) return ::mlflow::capture(static_cast<const void*>(value));
  }
  return ::mlflow::capture(value);
}

// The capture itself is out of line and cold: inlined into every traced body it would cost
// most of the plugin's compile time at -O2 (bench/compile/), and it runs only while recording.
template <class T>
[[gnu::noinline, gnu::cold]] void capture_input(FunctionSpan& span, const char* name,
                                                const T& value) noexcept {
  span.add_input(name, capture_argument(span, value));
}
template <class T>
[[gnu::noinline, gnu::cold]] void capture_pack_input(FunctionSpan& span, const char* name,
                                                     const T& value) noexcept {
  span.add_pack_input(name, capture_argument(span, value));
}
template <class T>
[[gnu::noinline, gnu::cold]] void capture_output(FunctionSpan& span, const T& value) noexcept {
  span.set_output(capture_argument(span, value));
}

template <class T>
MLFLOW_CONSTEXPR20 inline void record_arg(FunctionSpan& span, const char* name,
                                          const T& value) noexcept {
  if (!MLFLOW_IS_CONSTANT_EVALUATED() && span.recording()) capture_input(span, name, value);
}

template <class T>
MLFLOW_CONSTEXPR20 inline void record_pack_arg(FunctionSpan& span, const char* name,
                                               const T& value) noexcept {
  if (!MLFLOW_IS_CONSTANT_EVALUATED() && span.recording()) capture_pack_input(span, name, value);
}

// Captures the returned value and hands it back unchanged (as the same kind of reference). For
// `return local;` the plugin calls it as a statement before the unchanged return instead, so
// named return value optimization and implicit moves stay as they were.
template <class T>
MLFLOW_CONSTEXPR20 inline T&& record_return(FunctionSpan& span, T&& value) noexcept {
  if (!MLFLOW_IS_CONSTANT_EVALUATED() && span.recording()) capture_output(span, value);
  return static_cast<T&&>(value);
}

// Out of line: only the exception path pays for it.
MLFLOW_API void record_exception(FunctionSpan& span) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_FUNCTION_SPAN_H
