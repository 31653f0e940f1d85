// mlflow/detail/json_value.h: how a value given to a span crosses into the runtime: as JSON text.
//
// The runtime's binary interface names no third-party type. A value the program gives a span
// (span.set_inputs(...), set_attribute(key, value), ...) is turned into JSON text here, in the
// program's own translation unit, and the runtime reads the text. So the nlohmann/json the
// program compiles with (any release, JSON_DIAGNOSTICS or not, the copy an LLM SDK bundles) is
// the one that writes the text, and never has to match the one the runtime was built with.
//
// Booleans, integers, floating-point numbers and strings need nothing but this header. Any other
// value becomes JSON through ::mlflow::capture(), which needs nlohmann/json: <mlflow/capture.h>
// supplies it (json_text_of below). Without that header, such a value is a compile error that
// says which header to include.
#ifndef MLFLOW_DETAIL_JSON_VALUE_H
#define MLFLOW_DETAIL_JSON_VALUE_H

#include <cstddef>      // std::size_t
#include <string>       // std::string, std::to_string, std::basic_string
#include <string_view>  // std::string_view, std::basic_string_view
#include <type_traits>  // std::is_same_v, std::is_integral_v, ...

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// A JSON string literal of `text`: quoted, escaped as Python's json.dumps does, invalid UTF-8
// replaced by U+FFFD.
MLFLOW_API std::string json_string_text(std::string_view text);
// A number as Python's json.dumps writes it; NaN and infinities as null.
MLFLOW_API std::string json_number_text(double value);

// Keeps the traced functions of this thread from starting spans while it lives: a value being
// captured may run code that is traced itself (a user's to_json, a traced copy of nlohmann/json),
// whose spans would capture values in turn.
class MLFLOW_API CaptureScope {
 public:
  CaptureScope() noexcept;
  ~CaptureScope();
  CaptureScope(const CaptureScope&) = delete;
  CaptureScope& operator=(const CaptureScope&) = delete;
};

// The overloads of json_text_of(tag, value) that turn any value into JSON text. The one here only
// says what is missing; <mlflow/capture.h> defines the real one for JsonTextTag, which overload
// resolution prefers (an exact match over a derived-to-base conversion). Found by
// argument-dependent lookup when json_text() is instantiated, so <mlflow/capture.h> may come
// after this header, as long as it comes before the value is used.
struct JsonTextFallback {};
struct JsonTextTag : JsonTextFallback {};

template <class T>
struct requires_capture_header : std::false_type {};

template <class T>
std::string json_text_of(JsonTextFallback, const T&) {
  static_assert(requires_capture_header<T>::value,
                "mlflow: this value becomes JSON through mlflow::capture(), which needs "
                "nlohmann/json: #include <mlflow/capture.h> in this file");
  return std::string();
}

// Strings and string views of char (and of char8_t): their characters are the JSON string.
template <class T>
struct is_char_string : std::false_type {};
template <class Traits, class Alloc>
struct is_char_string<std::basic_string<char, Traits, Alloc>> : std::true_type {};
template <class Traits>
struct is_char_string<std::basic_string_view<char, Traits>> : std::true_type {};
#if defined(__cpp_char8_t)
template <class Traits, class Alloc>
struct is_char_string<std::basic_string<char8_t, Traits, Alloc>> : std::true_type {};
template <class Traits>
struct is_char_string<std::basic_string_view<char8_t, Traits>> : std::true_type {};
#endif

// `const char*` is a C string. Plain `char*` is not: it is as often an output buffer, which may
// not be initialized or terminated yet, so it is captured as a pointer.
template <class T>
struct is_c_string : std::false_type {};
template <>
struct is_c_string<const char*> : std::true_type {};
#if defined(__cpp_char8_t)
template <>
struct is_c_string<const char8_t*> : std::true_type {};
#endif

// The JSON text of `value`, as ::mlflow::capture(value) would make it.
template <class T>
std::string json_text(const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, char>) {
    if constexpr (std::is_signed_v<T>) {
      return std::to_string(static_cast<long long>(value));
    } else {
      return std::to_string(static_cast<unsigned long long>(value));
    }
  } else if constexpr (std::is_same_v<T, char>) {
    return json_string_text(std::string_view(&value, 1));
  } else if constexpr (std::is_floating_point_v<T>) {
    return json_number_text(static_cast<double>(value));
  } else if constexpr (is_char_string<T>::value) {
    return json_string_text(
        std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
  } else if constexpr (std::is_same_v<T, const char*>) {
    return value != nullptr ? json_string_text(value) : std::string("null");
  } else if constexpr (std::is_array_v<T> &&
                       std::is_same_v<std::remove_cv_t<std::remove_extent_t<T>>, char>) {
    // A string literal or a char buffer: up to the first NUL, never past the array's end.
    std::size_t length = 0;
    while (length < std::extent_v<T> && value[length] != '\0') ++length;
    return json_string_text(std::string_view(value, length));
  } else {
    CaptureScope capturing;  // only here can the value's conversion run traced code
    return json_text_of(JsonTextTag{}, value);
  }
}

// json_text() for the API's noexcept setters: empty text (nothing is recorded) when even that
// fails (out of memory).
template <class T>
std::string json_text_or_empty(const T& value) noexcept {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    return json_text(value);
  } catch (...) {
    return std::string();
  }
#else
  return json_text(value);
#endif
}

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_JSON_VALUE_H
