// mlflow/detail/function_span.h: what the Clang plugin's generated code calls.
//
// For a function annotated [[mlflow::trace(TOOL)]] the plugin rewrites the body to, in effect:
//
//   std::string search(const std::string& query, int k) {
//     static constexpr ::mlflow::detail::FunctionSite __mlflow_site{
//         "search", "TOOL", "search", "app::search", "app.cpp", 12, /*annotated=*/true};
//     ::mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
//     if (::mlflow::detail::recording(__mlflow_span)) {
//       ::mlflow::detail::record_arg(__mlflow_span, "query", query);
//       ::mlflow::detail::record_arg(__mlflow_span, "k", k);   // record_pack_arg for a pack
//     }
//     try {
//       ...original body, with each `return local;` turned into
//          `{ ::mlflow::detail::record_return(__mlflow_span, local); return local; }`,
//       each `return T(...);` (a prvalue of the class type returned) into
//          `{ T __mlflow_result = T(...); ::mlflow::detail::record_return(__mlflow_span,
//             __mlflow_result); return __mlflow_result; }`   (built in place: NRVO)
//       and any other `return e;` into
//          `return ::mlflow::detail::record_return(__mlflow_span, e);`
//     } catch (...) {
//       ::mlflow::detail::record_exception(__mlflow_span);
//       throw;
//     }
//   }
//
// The try/catch is left out when the body cannot throw (Sema's analysis, as for noexcept(expr):
// no throw expression, every call to a noexcept function), and with -fno-exceptions. A function
// traced by the plugin's name filters (not annotated) calls the record_unannotated_* hooks
// instead, which record a `const char*` as an address (FunctionSite::annotated).
//
// Cost, at run time and at compile time (every traced body pays the inline part; bench/compile/
// measures it): entering stores one byte, makes one relaxed load and, when tracing is on, one
// out-of-line call with one pointer (the site: literals in static storage, built at compile
// time); leaving is one inline test and, when a span was started, one out-of-line call; the
// arguments share one inline test; each capture is an out-of-line call that runs only while the
// span is recording, and for the common types (library_capture below) it is a call into the
// library, so that capturing them instantiates nothing of the capture machinery in the user's
// translation unit. Not for use by hand: the names and signatures are the plugin's contract with
// the runtime and change with it.
#ifndef MLFLOW_DETAIL_FUNCTION_SPAN_H
#define MLFLOW_DETAIL_FUNCTION_SPAN_H

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/capture.h>
#include <mlflow/span.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// What the plugin knows about one traced function, as literals. The plugin emits one
// `static constexpr` instance in the function's body; spans keep a pointer to it.
//
// `annotated` is false for a function traced by the plugin's name filters: nobody has looked
// at its signature, so a `const char*` there may be any pointer (into a buffer without a NUL,
// say) and is recorded as an address instead of being read as a C string (the plugin calls the
// record_unannotated_* hooks for it).
struct FunctionSite {
  const char* name;            // the span's name
  const char* span_type;       // MLflow's span type ("TOOL", ...)
  const char* function_name;   // the function's own name (as Python's __name__)
  const char* qualified_name;  // with namespaces and classes
  const char* file;
  unsigned line;
  bool annotated;
};

// The span of one call of a traced function. Small on purpose, because every traced body
// inlines its constructor and destructor: the constructor stores one byte and, when tracing is
// on, makes one out-of-line call; the destructor tests that byte and, when a span was started,
// makes one out-of-line call. Everything else happens in those calls.
class [[nodiscard]] MLFLOW_API FunctionSpan {
 public:
  // constexpr from C++20 on, so that a traced constexpr function can still be evaluated at
  // compile time: there the span does nothing.
  MLFLOW_CONSTEXPR20 explicit FunctionSpan(const FunctionSite& site) noexcept : state_(0) {
    if (MLFLOW_IS_CONSTANT_EVALUATED()) return;
    if (g_tracing_enabled.load(std::memory_order_relaxed)) start(site);
  }
  FunctionSpan(const FunctionSpan&) = delete;
  FunctionSpan& operator=(const FunctionSpan&) = delete;
  MLFLOW_CONSTEXPR20 ~FunctionSpan() {
    if (state_ != 0) finish();
  }

  MLFLOW_CONSTEXPR20 bool recording() const noexcept { return (state_ & kRecording) != 0; }

  // The exception in flight (std::current_exception()): an `exception` event and status ERROR.
  void record_current_exception() noexcept;
  // The record being written, for the library's captures; null when not recording.
  SpanRecord* record() noexcept;

 private:
  static constexpr unsigned char kStarted = 1;    // span_ holds a span, to be ended
  static constexpr unsigned char kRecording = 2;  // ... which is being recorded
  void start(const FunctionSite& site) noexcept;
  void finish() noexcept;

  unsigned char state_;
  // The rest is set by start() only, so that the inline constructor does not touch it.
  const FunctionSite* site_;
  union {
    Span span_;
  };
};

// The test in front of the argument captures (and inside record_return).
MLFLOW_CONSTEXPR20 inline bool recording(const FunctionSpan& span) noexcept {
  return span.recording();
}

// --- Captures ----------------------------------------------------------------------------------
// Each capture is an out-of-line call, made only while the span is recording. Two kinds:
//
// - For the types most arguments and results have (bool, integers, floating point, strings and
//   string views, C strings, vectors of strings and numbers, maps from strings to strings and
//   numbers: is_library_container), a call into the library (capture_entry_points.cpp), which
//   captures them with the same ::mlflow::capture() rules: tracing them instantiates nothing of
//   the capture machinery or nlohmann::json in the user's translation unit.
// - For any other type, a cold template instantiated once per type in the user's translation
//   unit (inlined into every traced body, the capture would cost most of the plugin's compile
//   time at -O2: bench/compile/).
//
// Scalars are passed by value, so that capturing an argument or a result does not take its
// address (which would keep it in memory for the whole function).

// Where a captured value goes.
enum class CaptureTarget : unsigned char { kInput, kPackInput, kOutput };

MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                bool value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                std::int64_t value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                std::uint64_t value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                double value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                std::string_view value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const std::vector<std::string>& value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const std::vector<int>& value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const std::vector<float>& value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const std::vector<double>& value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const std::map<std::string, std::string>& value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const std::map<std::string, int>& value) noexcept;
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const std::map<std::string, double>& value) noexcept;
// Any other type, as the JSON ::mlflow::capture() made of it (template_capture).
MLFLOW_API void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                                const nlohmann::json& value) noexcept;
// A C string read as one (in an annotated function: FunctionSite::annotated): null or
// NUL-terminated.
MLFLOW_API void library_capture_c_string(FunctionSpan& span, CaptureTarget target,
                                         const char* name, const char* value) noexcept;

template <class T>
struct is_library_container
    : std::bool_constant<std::is_same_v<T, std::vector<std::string>> ||
                         std::is_same_v<T, std::vector<int>> ||
                         std::is_same_v<T, std::vector<float>> ||
                         std::is_same_v<T, std::vector<double>> ||
                         std::is_same_v<T, std::map<std::string, std::string>> ||
                         std::is_same_v<T, std::map<std::string, int>> ||
                         std::is_same_v<T, std::map<std::string, double>>> {};

// The value the library captures for a T, as the library's parameter type, or void when the
// library does not capture T. Each conversion keeps what capture() records for T: an integer
// becomes a JSON integer of its signedness, a floating-point value a double, a string its
// characters.
template <class T>
constexpr auto library_captured(const T& value) noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return value;
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, char>) {
    if constexpr (std::is_signed_v<T>) {
      return static_cast<std::int64_t>(value);
    } else {
      return static_cast<std::uint64_t>(value);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(value);
  } else if constexpr (is_char_string<T>::value) {
    return std::string_view(reinterpret_cast<const char*>(value.data()), value.size());
  } else if constexpr (is_library_container<T>::value) {
    return &value;  // passed on by reference
  } else {
    return;
  }
}
template <class T>
constexpr T unwrap(T value) noexcept {
  return value;
}
template <class T>
constexpr const T& unwrap(const T* container) noexcept {
  return *container;
}

template <class T>
inline constexpr bool library_captures_v =
    !std::is_void_v<decltype(library_captured(std::declval<const T&>()))>;

template <class T>
using capture_parameter_t = std::conditional_t<std::is_scalar_v<T>, T, const T&>;

template <class T>
[[gnu::noinline, gnu::cold]] void template_capture(FunctionSpan& span, CaptureTarget target,
                                                   const char* name,
                                                   capture_parameter_t<T> value) noexcept {
  library_capture(span, target, name, ::mlflow::capture(value));
}

// ReadsCStrings: whether a `const char*` is read as a C string (in an annotated function) or
// recorded as an address (see FunctionSite::annotated).
template <bool ReadsCStrings, class T>
inline void capture_value(FunctionSpan& span, CaptureTarget target, const char* name,
                          const T& value) noexcept {
  if constexpr (library_captures_v<T>) {
    library_capture(span, target, name, unwrap(library_captured(value)));
  } else if constexpr (is_c_string<T>::value) {
    if constexpr (ReadsCStrings) {
      library_capture_c_string(span, target, name, reinterpret_cast<const char*>(value));
    } else {
      template_capture<const void*>(span, target, name, static_cast<const void*>(value));
    }
  } else {
    template_capture<T>(span, target, name, value);
  }
}

// The hooks. record_arg and record_pack_arg are called only under `if (recording(span))`.
template <class T>
inline void record_arg(FunctionSpan& span, const char* name, const T& value) noexcept {
  capture_value<true>(span, CaptureTarget::kInput, name, value);
}

template <class T>
inline void record_pack_arg(FunctionSpan& span, const char* name, const T& value) noexcept {
  capture_value<true>(span, CaptureTarget::kPackInput, name, value);
}

// Captures the returned value and hands it back unchanged (as the same kind of reference). For
// `return local;` the plugin calls it as a statement before the unchanged return instead, so
// named return value optimization and implicit moves stay as they were.
template <class T>
MLFLOW_CONSTEXPR20 inline T&& record_return(FunctionSpan& span, T&& value) noexcept {
  if (!MLFLOW_IS_CONSTANT_EVALUATED() && span.recording())
    capture_value<true, remove_cvref_t<T>>(span, CaptureTarget::kOutput, nullptr, value);
  return static_cast<T&&>(value);
}

// The same for a function traced by the plugin's name filters (not annotated).
template <class T>
inline void record_unannotated_arg(FunctionSpan& span, const char* name, const T& value) noexcept {
  capture_value<false>(span, CaptureTarget::kInput, name, value);
}

template <class T>
inline void record_unannotated_pack_arg(FunctionSpan& span, const char* name,
                                        const T& value) noexcept {
  capture_value<false>(span, CaptureTarget::kPackInput, name, value);
}

template <class T>
MLFLOW_CONSTEXPR20 inline T&& record_unannotated_return(FunctionSpan& span, T&& value) noexcept {
  if (!MLFLOW_IS_CONSTANT_EVALUATED() && span.recording())
    capture_value<false, remove_cvref_t<T>>(span, CaptureTarget::kOutput, nullptr, value);
  return static_cast<T&&>(value);
}

// Out of line: only the exception path pays for it.
MLFLOW_API void record_exception(FunctionSpan& span) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_FUNCTION_SPAN_H
