// mlflow/detail/library_capture.h: the captures of the common types, which need no JSON library.
//
// What the plugin's tail (inject/RuntimeInjection.h) includes after the last line of a file in
// which every captured value is a boolean, a number, a string or one of the library's
// containers (is_library_container): the declarations of the library's captures of those types
// (capture_entry_points.cpp) and capture_value(), which the generated code's hooks call
// (prelude.h). Nothing of nlohmann/json: parsing it is most of what
// tracing adds to the compile time of a file that does not include it already (about 1.4 s of
// CPU per file on a 2-vCPU VM, against 0.7 s for a whole GoogleTest source file).
//
// Any other type (another container, a struct with to_json, an enum, a pointer) is captured by
// capture_generic(), which <mlflow/detail/function_span.h> defines with ::mlflow::capture()'s
// rules: the plugin includes that header instead wherever such a value is captured (or may be:
// a traced template, a name filter), or where the file included nlohmann/json itself. The call
// below finds it by argument-dependent lookup at the end of the translation unit; without it,
// the instantiation is a compile error, never a silent loss.
#ifndef MLFLOW_DETAIL_LIBRARY_CAPTURE_H
#define MLFLOW_DETAIL_LIBRARY_CAPTURE_H

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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
// - For any other type, capture_generic (function_span.h).
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

// The plugin decides which tail a file gets from the same list (capturedWithoutJson in
// plugin/instrument/HookBuilder.cpp): a type added here must be added there to take the light
// tail (until then it only brings the full one).
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

// The tag that selects capture_generic (function_span.h) by argument-dependent lookup.
template <bool ReadsCStrings>
struct GenericCapture {};

// Declared in prelude.h, for the plugin's hooks.
template <bool ReadsCStrings, class T>
void capture_value(FunctionSpan& span, CaptureTarget target, const char* name,
                   const T& value) noexcept {
  if constexpr (library_captures_v<T>) {
    library_capture(span, target, name, unwrap(library_captured(value)));
  } else if constexpr (ReadsCStrings && is_c_string<T>::value) {
    library_capture_c_string(span, target, name, reinterpret_cast<const char*>(value));
  } else {
    capture_generic(GenericCapture<ReadsCStrings>{}, span, target, name, value);
  }
}

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_LIBRARY_CAPTURE_H
