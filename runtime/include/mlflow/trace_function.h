// mlflow/trace_function.h: tracing a function without the Clang plugin: with GCC, MSVC, or in a
// file built without it. The span is the one the plugin makes for [[mlflow::trace(TYPE)]]: named
// after the function, the arguments by name as inputs, the result as output, an exception as
// status ERROR with an `exception` event, and the code attributes (mlflow.spanFunctionName,
// code.function.name, code.file.path, code.line.number).
//
//   #include <mlflow/trace_function.h>
//
//   long to_feet(double metres) {
//     MLFLOW_TRACE_BODY(TOOL, metres) {           // the body, unchanged, in a block
//       if (metres < 0) throw std::domain_error("negative length");
//       return std::lround(metres * 3.28084);     // the output
//     };                                          // (the semicolon ends the statement)
//   }
//
//   const std::string& Index::name() const {
//     MLFLOW_TRACE_FUNCTION(RETRIEVER);           // a span until the end of the scope
//     return MLFLOW_TRACE_RESULT(name_);          // the output
//   }
//
// MLFLOW_TRACE_BODY(TYPE, args...) { body }; runs the block as the function's body: its
// `return`s return from the function, the value returned is the span's output, and an exception
// leaving it is recorded with its type and message (as the plugin records it), then rethrown
// unchanged. The block is a lambda, so the function returns the block's value by value: use
// MLFLOW_TRACE_FUNCTION in functions that return a reference, in constructors and in
// coroutines.
//
// MLFLOW_TRACE_FUNCTION(TYPE, args...); starts a span that ends with the enclosing scope.
// `return MLFLOW_TRACE_RESULT(value);` records the output and returns the value as it was (an
// lvalue is returned by reference, so a function returning by value copies it: no named return
// value optimization for it). An exception leaving the scope is recorded as status ERROR with an
// `exception` event that says an exception left the function: a span that ends while the stack
// unwinds cannot read the exception's type and message.
//
// TYPE is one of the 15 MLflow span types (LLM, CHAIN, AGENT, TOOL, ...; mlflow/span_types.def),
// checked by the compiler. `args` (up to 16) are recorded as the span's inputs under the names
// they are written with (`MLFLOW_TRACE_FUNCTION(TOOL, query, k)` gives {"query": ..., "k": ...}),
// as mlflow::capture() records values (docs/capture.md); leave out what must not be recorded (a
// password). MLFLOW_TRACE_NAMED_BODY("name", TYPE, args...) and MLFLOW_TRACE_NAMED_FUNCTION give
// the span another name (a string literal), as MLFLOW_TRACE(TYPE, "name") does.
//
// Where the span differs from the plugin's: a function template's span is named without its
// template arguments (the plugin names it `field<std::string>`; name it yourself if you want
// them), code.line.number is the macro's line rather than the function's, and the macros cannot
// be used in a constexpr function before C++23 (they declare static variables there).
//
// Cost: what the plugin's generated code costs (function_span.h): the same runtime calls. This
// header includes <mlflow/capture.h> (nlohmann/json) for the captures. Defining
// MLFLOW_CPP_DISABLE turns the macros into nothing: the function runs as written, untraced.
// Compiles as C++17 and later with GCC and Clang; MSVC is expected to work (__FUNCSIG__, its
// conforming preprocessor /Zc:preprocessor) but is not tested here.
#ifndef MLFLOW_TRACE_FUNCTION_H
#define MLFLOW_TRACE_FUNCTION_H

#include <cstddef>
#include <exception>
#include <type_traits>

#include <mlflow/detail/function_span.h>
#include <mlflow/span.h>
#include <mlflow/span_type.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The qualified name of a function ("app::Index::lookup"), cut at compile time out of the
// compiler's signature of it (__PRETTY_FUNCTION__: "int app::Index::lookup(int) const", with
// "[T = long]" after it in a template): the name before the parameter list, back to the space
// that ends the return type. The signature as it is when its shape is not recognized.
template <std::size_t N>
struct SignatureName {
  char text[N] = {};

  constexpr explicit SignatureName(const char (&signature)[N]) {
    std::size_t end = N - 1;
    // Template arguments after the signature: " [T = long]" (Clang), " [with T = long int]".
    for (std::size_t i = 0, depth = 0; i + 1 < end; ++i) {
      if (signature[i] == '(') ++depth;
      if (signature[i] == ')' && depth > 0) --depth;
      if (depth == 0 && signature[i] == ' ' && signature[i + 1] == '[') {
        end = i;
        break;
      }
    }
    // The parameter list: the last ')' (qualifiers such as " const" follow it) and its '('. A
    // GCC lambda has none ("main()::<lambda(int)>"): all of it is the name.
    std::size_t close = end > 0 && signature[end - 1] == '>' ? 0 : end;
    while (close > 0 && signature[close - 1] != ')') --close;
    std::size_t name_end = 0;
    if (close > 0) {
      std::size_t depth = 0;
      for (std::size_t i = close; i-- > 0;) {
        if (signature[i] == ')') ++depth;
        if (signature[i] == '(' && --depth == 0) {
          name_end = i;
          break;
        }
      }
    }
    std::size_t begin = 0;
    if (name_end > 0) {
      // An operator's name ends in punctuation ("operator<", "operator()") or a type (a
      // conversion): read back from the word "operator" instead.
      std::size_t scan = name_end;
      for (std::size_t i = name_end; i >= 8; --i) {
        if (equal(signature + i - 8, "operator", 8) && (i == name_end || !is_word(signature[i]))) {
          scan = i - 8;
          break;
        }
        if (is_word(signature[i - 1]) && i < name_end && signature[i] == ':') break;
      }
      // Back to the space that ends the return type, outside brackets ("std::map<int, int> f").
      std::size_t depth = 0;
      for (std::size_t i = scan; i-- > 0;) {
        const char c = signature[i];
        if (c == ')' || c == '>') ++depth;
        if ((c == '(' || c == '<') && depth > 0) --depth;
        if (c == ' ' && depth == 0) {
          begin = i + 1;
          break;
        }
      }
    } else {
      name_end = end;  // a GCC lambda, or not a shape we know: all of it
    }
    // Clang writes a returned reference or pointer against the name ("const T &ns::f()").
    while (begin < name_end && (signature[begin] == '&' || signature[begin] == '*')) ++begin;
    for (std::size_t i = begin; i < name_end; ++i) text[i - begin] = signature[i];
  }

 private:
  static constexpr bool is_word(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  static constexpr bool equal(const char* a, const char* b, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
};

// The span name of MLFLOW_TRACE_NAMED_*: kept by pointer for the life of the program, so a
// string literal (an array in static storage); anything else does not compile, with this name
// in the error.
template <std::size_t N>
constexpr const char* span_name_must_be_a_string_literal(const char (&name)[N]) noexcept {
  return name;
}

// The span of MLFLOW_TRACE_FUNCTION: a FunctionSpan that records an exception leaving its scope
// (as GuardedFunctionSpan does for the plugin's exceptions=guard, with its own message).
class [[nodiscard]] ScopedFunctionSpan : public FunctionSpan {
 public:
  explicit ScopedFunctionSpan(const FunctionSite& site) noexcept
      : FunctionSpan(site), in_flight_(recording() ? std::uncaught_exceptions() : -1) {}
  ~ScopedFunctionSpan() {
    if (in_flight_ >= 0 && std::uncaught_exceptions() > in_flight_) record_unwinding();
  }

 private:
#if defined(__GNUC__)
  [[gnu::cold, gnu::noinline]]
#endif
  void record_unwinding() noexcept {
    SpanRef span = SpanAccess::ref(record());
    span.add_event_json("exception",
                        "{\"exception.type\":\"unknown\",\"exception.message\":\"an exception left "
                        "the function (a span that ends while the stack unwinds cannot read it; "
                        "MLFLOW_TRACE_BODY records its type and message)\"}");
    span.set_status(SpanStatusCode::ERROR, "an exception left the function");
  }

  int in_flight_;
};

// The block of MLFLOW_TRACE_BODY, run as the function's body: `TracedBody{span} ->* [&]() {...}`.
struct TracedBody {
  FunctionSpan& span;

  template <class Block>
  auto operator->*(Block&& block) -> decltype(block()) {
    using Result = decltype(block());
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    try {
#endif
      if constexpr (std::is_void_v<Result>) {
        block();
      } else {
        Result result = block();
        if (recording(span)) record_return(span, result);
        return result;
      }
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    } catch (...) {
      record_exception(span);
      throw;
    }
#endif
  }
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#if defined(_MSC_VER) && !defined(__clang__)
#define MLFLOW_DETAIL_SIGNATURE __FUNCSIG__
#else
#define MLFLOW_DETAIL_SIGNATURE __PRETTY_FUNCTION__
#endif

#define MLFLOW_DETAIL_EXPAND(x) x
#define MLFLOW_DETAIL_CAT(a, b) MLFLOW_DETAIL_CAT_(a, b)
#define MLFLOW_DETAIL_CAT_(a, b) a##b
#define MLFLOW_DETAIL_FIRST(...) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_FIRST_(__VA_ARGS__, unused))
#define MLFLOW_DETAIL_FIRST_(first, ...) first
// How many arguments, 1 to 17 (the span type and up to 16 arguments).
#define MLFLOW_DETAIL_COUNT(...)                                                              \
  MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_COUNT_(__VA_ARGS__, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, \
                                            7, 6, 5, 4, 3, 2, 1, unused))
#define MLFLOW_DETAIL_COUNT_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, \
                             a16, a17, n, ...)                                                 \
  n

// The span's site (its literals, in static storage) and the span, then the arguments. The first
// of `...` is the span type, the rest the arguments.
#define MLFLOW_DETAIL_TRACE_START(SpanClass, name, ...)                                     \
  static constexpr ::mlflow::detail::SignatureName<sizeof(MLFLOW_DETAIL_SIGNATURE)>         \
      mlflow_trace_qualified_name_(MLFLOW_DETAIL_SIGNATURE);                                \
  static constexpr ::mlflow::detail::FunctionSite mlflow_trace_site_{                       \
      name,                                                                                 \
      ::mlflow::to_string(::mlflow::SpanType::MLFLOW_DETAIL_FIRST(__VA_ARGS__)).data(),     \
      __func__,                                                                             \
      mlflow_trace_qualified_name_.text,                                                    \
      __FILE__,                                                                             \
      __LINE__,                                                                             \
      true,                                                                                 \
      nullptr};                                                                             \
  ::mlflow::detail::SpanClass mlflow_trace_span_(mlflow_trace_site_);                       \
  if (::mlflow::detail::recording(mlflow_trace_span_)) {                                    \
    MLFLOW_DETAIL_EACH_ARG(MLFLOW_DETAIL_RECORD_ARG, mlflow_trace_span_, __VA_ARGS__)       \
  }                                                                                         \
  static_cast<void>(0)

// m(s, arg) for each argument after the first (the span type).
#define MLFLOW_DETAIL_EACH_ARG_1(m, s, t)
#define MLFLOW_DETAIL_EACH_ARG_2(m, s, t, a) m(s, a)
#define MLFLOW_DETAIL_EACH_ARG_3(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_2(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_4(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_3(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_5(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_4(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_6(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_5(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_7(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_6(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_8(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_7(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_9(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_8(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_10(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_9(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_11(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_10(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_12(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_11(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_13(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_12(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_14(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_13(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_15(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_14(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_16(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_15(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG_17(m, s, t, a, ...) \
  m(s, a) MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_EACH_ARG_16(m, s, t, __VA_ARGS__))
#define MLFLOW_DETAIL_EACH_ARG(m, s, ...)                                                     \
  MLFLOW_DETAIL_EXPAND(MLFLOW_DETAIL_CAT(MLFLOW_DETAIL_EACH_ARG_, MLFLOW_DETAIL_COUNT(__VA_ARGS__))( \
      m, s, __VA_ARGS__))
#define MLFLOW_DETAIL_RECORD_ARG(span, arg) ::mlflow::detail::record_arg(span, #arg, arg);
#define MLFLOW_DETAIL_DISCARD_ARG(span, arg) static_cast<void>(arg);

#if defined(MLFLOW_CPP_DISABLE)
// The arguments are still named, so that parameters used only here are not reported unused.
#define MLFLOW_TRACE_FUNCTION(...) \
  MLFLOW_DETAIL_EACH_ARG(MLFLOW_DETAIL_DISCARD_ARG, unused, __VA_ARGS__) static_cast<void>(0)
#define MLFLOW_TRACE_NAMED_FUNCTION(name, ...) MLFLOW_TRACE_FUNCTION(__VA_ARGS__)
#define MLFLOW_TRACE_BODY(...) MLFLOW_DETAIL_EACH_ARG(MLFLOW_DETAIL_DISCARD_ARG, unused, __VA_ARGS__)
#define MLFLOW_TRACE_NAMED_BODY(name, ...) MLFLOW_TRACE_BODY(__VA_ARGS__)
#define MLFLOW_TRACE_RESULT(...) (__VA_ARGS__)
#else
#define MLFLOW_TRACE_FUNCTION(...) \
  MLFLOW_DETAIL_TRACE_START(ScopedFunctionSpan, __func__, __VA_ARGS__)
#define MLFLOW_TRACE_NAMED_FUNCTION(name, ...)                                            \
  MLFLOW_DETAIL_TRACE_START(ScopedFunctionSpan,                                           \
                            ::mlflow::detail::span_name_must_be_a_string_literal(name), \
                            __VA_ARGS__)
#define MLFLOW_TRACE_BODY(...)                                       \
  MLFLOW_DETAIL_TRACE_START(FunctionSpan, __func__, __VA_ARGS__);    \
  return ::mlflow::detail::TracedBody{mlflow_trace_span_}->*[&]()
#define MLFLOW_TRACE_NAMED_BODY(name, ...)                                              \
  MLFLOW_DETAIL_TRACE_START(FunctionSpan,                                               \
                            ::mlflow::detail::span_name_must_be_a_string_literal(name), \
                            __VA_ARGS__);                                               \
  return ::mlflow::detail::TracedBody{mlflow_trace_span_}->*[&]()
#define MLFLOW_TRACE_RESULT(...) \
  ::mlflow::detail::record_return(mlflow_trace_span_, __VA_ARGS__)
#endif

#endif  // MLFLOW_TRACE_FUNCTION_H
