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
//
// Two headers, so that what the plugin injects leaves the user's file alone: everything the
// generated code names (the span, the site, the hooks) is in <mlflow/detail/prelude.h>, which
// includes nothing and defines no macro; this header adds the captures' definitions, which need
// the standard library and nlohmann/json. <mlflow/trace.h> includes only the prelude; the plugin
// adds this header after the user's last line of a file in which it traces something (or ahead
// of nothing at all: a template may be defined after its use).
#ifndef MLFLOW_DETAIL_FUNCTION_SPAN_H
#define MLFLOW_DETAIL_FUNCTION_SPAN_H

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <mlflow/capture.h>
#include <mlflow/detail/json_value.h>
#include <mlflow/detail/prelude.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

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
//   time at -O2: bench/compile/). It makes the value's JSON with the nlohmann/json this
//   translation unit sees, and hands the library its text (json_value.h says why).
//
// Scalars are passed by value, so that capturing an argument or a result does not take its
// address (which would keep it in memory for the whole function).

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
// Any other type, as the JSON text of what ::mlflow::capture() made of it (template_capture).
MLFLOW_API void library_capture_json(FunctionSpan& span, CaptureTarget target, const char* name,
                                     std::string_view json) noexcept;
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
  CaptureScope capturing;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    library_capture_json(span, target, name, json_text_of(JsonTextTag{}, value));
  } catch (...) {  // out of memory: this value is lost, the program goes on
  }
#else
  library_capture_json(span, target, name, json_text_of(JsonTextTag{}, value));
#endif
}

// Declared in prelude.h, for the plugin's hooks.
template <bool ReadsCStrings, class T>
void capture_value(FunctionSpan& span, CaptureTarget target, const char* name,
                   const T& value) noexcept {
  if constexpr (library_captures_v<T>) {
    library_capture(span, target, name, unwrap(library_captured(value)));
  } else if constexpr (is_c_string<T>::value) {
    if constexpr (ReadsCStrings) {
      library_capture_c_string(span, target, name, reinterpret_cast<const char*>(value));
    } else {
      template_capture<const void*>(span, target, name, static_cast<const void*>(value));
    }
  } else if constexpr (ReadsCStrings) {
    template_capture<T>(span, target, name, value);
  } else {
    UserRangesByName by_name;  // a function selected by a name filter (capture.h: is_user_range)
    template_capture<T>(span, target, name, value);
  }
}

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_FUNCTION_SPAN_H
