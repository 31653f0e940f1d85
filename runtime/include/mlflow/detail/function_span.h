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
// Three headers, so that what the plugin injects leaves the user's file alone and costs it as
// little compile time as it can: everything the generated code names (the span, the site, the
// hooks) is in <mlflow/detail/prelude.h>, which includes nothing and defines no macro; the
// captures of booleans, numbers and strings are in <mlflow/detail/library_capture.h>, which
// needs the standard library only; this header adds the captures of any other type, which need
// nlohmann/json. <mlflow/trace.h> includes only the prelude; the plugin adds one of the other
// two after the user's last line of a file in which it traces something: this one where a
// value of another type is captured, may be (a traced template, a name filter), or where the
// file included nlohmann/json itself (plugin/inject/RuntimeInjection.h).
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
#include <mlflow/detail/library_capture.h>
#include <mlflow/detail/prelude.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// --- Captures of any type -----------------------------------------------------------------------
// The common types (booleans, numbers, strings, the library's containers) are captured by a call
// into the library (library_capture.h). Any other type, by a cold template instantiated once per
// type in the user's translation unit (inlined into every traced body, the capture would cost
// most of the plugin's compile time at -O2: bench/compile/). It makes the value's JSON with the
// nlohmann/json this translation unit sees, and hands the library its text (json_value.h says
// why).

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

// What capture_value (library_capture.h) calls for any type the library does not capture.
template <bool ReadsCStrings, class T>
void capture_generic(GenericCapture<ReadsCStrings>, FunctionSpan& span, CaptureTarget target,
                     const char* name, const T& value) noexcept {
  if constexpr (is_c_string<T>::value) {  // in a function selected by a name filter
    template_capture<const void*>(span, target, name, static_cast<const void*>(value));
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
