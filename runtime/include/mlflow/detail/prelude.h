// mlflow/detail/prelude.h: everything the Clang plugin's generated code names, and nothing else.
//
// The plugin puts this header ahead of a source file that it traces by name (the include=
// filters), so it must leave the file exactly as it was: it includes nothing (no standard
// header, no nlohmann), defines no macro (not even an include guard: #pragma once), and
// declares names only inside ::mlflow::v0::detail. A switch the user's file defines before its
// own includes (JSON_DIAGNOSTICS, `#define private public`, ...) therefore still reaches every
// header the file includes, and no function of a header is seen before the runtime is declared.
//
// What the generated code calls (see function_span.h for the shape of a traced body):
//   FunctionSite, FunctionSpan    the span of one call, and its literals
//   recording(span)               the test in front of the argument captures
//   record_arg, record_pack_arg, record_return (and the record_unannotated_* forms),
//   record_empty_pack
//   record_exception(span)       (the handler's; GuardedFunctionSpan under exceptions=guard)
// The captures themselves (capture_value) are only declared here. Their definitions need the
// standard library (and, for types other than booleans, numbers and strings, nlohmann/json),
// and come in with <mlflow/detail/library_capture.h> or <mlflow/detail/function_span.h>, which
// the plugin adds after the user's last line (a function template may be defined after its
// use: it is instantiated at the end of the translation unit). A constant evaluation never
// reaches them (record_return tests for it first), so traced constexpr functions keep working
// before that point.
//
// The namespace and the visibility attribute are spelled out instead of taken from
// <mlflow/version.h> (MLFLOW_BEGIN_NAMESPACE, MLFLOW_API), which would define macros; keep them
// in step with it. Compiles as C++17 and later, with Clang and GCC.
#pragma once

namespace mlflow {
inline namespace v0 {
namespace detail {

struct SpanRecord;

// Whether tracing is on (mlflow::tracing::enable/disable). Read and written only through the
// __atomic builtins, relaxed: a plain byte, so that this header needs no <atomic>.
[[gnu::visibility("default")]] extern bool g_tracing_enabled;

inline bool tracing_enabled() noexcept {
  return __atomic_load_n(&g_tracing_enabled, __ATOMIC_RELAXED);
}

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
  // Set for a function traced by an autolog rule (the plugin's autolog-rules= file): how its
  // returned value's JSON gives token usage, model and message format ("auto", "openai",
  // "anthropic", "ollama", "gemini"); null otherwise.
  const char* llm_format;
};

// Waits until the traces completed so far are exported (at most the flush deadline). Called when
// a shared object built with the plugin is unloaded (dlclose): its spans name its literals (span
// names, file names) by pointer, which must not be read after they are unmapped.
[[gnu::visibility("default")]] void flush_before_unload() noexcept;

struct UnloadFlush {
  ~UnloadFlush() { flush_before_unload(); }
};

// One UnloadFlush per shared object (hidden: the dynamic linker does not merge it with another
// object's) whose code traces, destroyed when that object is unloaded or at exit. A static member
// of a class template: defined only where it is used, and only an instantiation of FunctionSpan's
// constructor (a template for that reason), which only the plugin's generated code makes, uses
// it. So a translation unit in which the plugin
// traced nothing gets no object and no reference to the runtime (a file compiled with a name
// filter that selects none of its functions links without the runtime, as without the plugin).
template <class = void>
struct UnloadFlushOf {
  [[gnu::visibility("hidden")]] static const UnloadFlush object;
};
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wglobal-constructors"
#pragma clang diagnostic ignored "-Wexit-time-destructors"
#endif
template <class T>
const UnloadFlush UnloadFlushOf<T>::object{};
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

// The span of one call of a traced function. Small on purpose, because every traced body
// inlines its constructor and destructor: the constructor stores one byte and, when tracing is
// on, makes one out-of-line call; the destructor tests that byte and, when a span was started,
// makes one out-of-line call. Everything else happens in those calls (function_span.cpp).
class [[nodiscard]] [[gnu::visibility("default")]] FunctionSpan {
 public:
  // constexpr from C++20 on, so that a traced constexpr function can still be evaluated at
  // compile time: there the span does nothing.
#if __cplusplus >= 202002L
  // (A template only so that the use of UnloadFlushOf<>::object is instantiated with it, in the
  // generated code, and not when this header is read; a derived class passes its own Flush.)
  template <class Flush = UnloadFlushOf<>>
  constexpr explicit FunctionSpan(const FunctionSite& site, Flush* = nullptr) noexcept
      : state_(0) {
    if (__builtin_is_constant_evaluated()) return;
    (void)&Flush::object;
    if (tracing_enabled()) start(site);
  }
#else
  template <class Flush = UnloadFlushOf<>>
  explicit FunctionSpan(const FunctionSite& site, Flush* = nullptr) noexcept : state_(0) {
    (void)&Flush::object;
    if (tracing_enabled()) start(site);
  }
#endif
  FunctionSpan(const FunctionSpan&) = delete;
  FunctionSpan& operator=(const FunctionSpan&) = delete;
#if __cplusplus >= 202002L
  constexpr
#endif
  ~FunctionSpan() {
    if (state_ != 0) finish();
  }

#if __cplusplus >= 202002L
  constexpr
#endif
  bool recording() const noexcept { return (state_ & kRecording) != 0; }

  // The exception in flight (std::current_exception()): an `exception` event and status ERROR.
  void record_current_exception() noexcept;
  // An exception leaving the function whose type and message cannot be read (the stack is
  // unwinding, no handler runs): the same event and status, saying so.
  void record_unwinding_exception() noexcept;
  // The record being written, for the library's captures; null when not recording.
  SpanRecord* record() noexcept;

 private:
  static constexpr unsigned char kStarted = 1;    // the storage holds a Span, to be ended
  static constexpr unsigned char kRecording = 2;  // ... which is being recorded
  void start(const FunctionSite& site) noexcept;
  void finish() noexcept;

  unsigned char state_;
  // The rest is set by start() only, so that the inline constructor does not touch it.
  const FunctionSite* site_;
  // A mlflow::Span (<mlflow/span.h>: four words), constructed by start(); function_span.cpp
  // checks the size and alignment.
  alignas(void*) unsigned char span_[4 * sizeof(void*)];
};

// The test in front of the argument captures (and inside record_return).
#if __cplusplus >= 202002L
constexpr
#endif
inline bool recording(const FunctionSpan& span) noexcept { return span.recording(); }

// True only while the compiler evaluates a constant expression (never before C++20, where a
// traced function cannot be constexpr-evaluated with its span anyway).
#if __cplusplus >= 202002L
constexpr bool constant_evaluated() noexcept { return __builtin_is_constant_evaluated(); }
#else
constexpr bool constant_evaluated() noexcept { return false; }
#endif

// Where a captured value goes.
enum class CaptureTarget : unsigned char { kInput, kPackInput, kOutput };

// The value's type without references and cv-qualifiers (std::remove_cvref_t, without
// <type_traits>).
template <class T> struct bare_type { using type = T; };
template <class T> struct bare_type<T&> : bare_type<T> {};
template <class T> struct bare_type<T&&> : bare_type<T> {};
template <class T> struct bare_type<const T> { using type = T; };
template <class T> struct bare_type<volatile T> { using type = T; };
template <class T> struct bare_type<const volatile T> { using type = T; };

// Captures `value` into the span's inputs (under `name`) or its output. Defined in
// <mlflow/detail/function_span.h>. ReadsCStrings: whether a `const char*` is read as a C string
// (in an annotated function) or recorded as an address (see FunctionSite::annotated).
template <bool ReadsCStrings, class T>
void capture_value(FunctionSpan& span, CaptureTarget target, const char* name,
                   const T& value) noexcept;

// The hooks. record_arg and record_pack_arg are called only under `if (recording(span))`.
template <class T>
inline void record_arg(FunctionSpan& span, const char* name, const T& value) noexcept {
  capture_value<true, T>(span, CaptureTarget::kInput, name, value);
}

template <class T>
inline void record_pack_arg(FunctionSpan& span, const char* name, const T& value) noexcept {
  capture_value<true, T>(span, CaptureTarget::kPackInput, name, value);
}

// Captures the returned value and hands it back unchanged (as the same kind of reference). For
// `return local;` the plugin calls it as a statement before the unchanged return instead, so
// named return value optimization and implicit moves stay as they were.
template <class T>
#if __cplusplus >= 202002L
constexpr
#endif
inline T&& record_return(FunctionSpan& span, T&& value) noexcept {
  if (!constant_evaluated() && span.recording())
    capture_value<true, typename bare_type<T>::type>(span, CaptureTarget::kOutput, nullptr, value);
  return static_cast<T&&>(value);
}

// The same for a function traced by the plugin's name filters (not annotated).
template <class T>
inline void record_unannotated_arg(FunctionSpan& span, const char* name, const T& value) noexcept {
  capture_value<false, T>(span, CaptureTarget::kInput, name, value);
}

template <class T>
inline void record_unannotated_pack_arg(FunctionSpan& span, const char* name,
                                        const T& value) noexcept {
  capture_value<false, T>(span, CaptureTarget::kPackInput, name, value);
}

template <class T>
#if __cplusplus >= 202002L
constexpr
#endif
inline T&& record_unannotated_return(FunctionSpan& span, T&& value) noexcept {
  if (!constant_evaluated() && span.recording())
    capture_value<false, typename bare_type<T>::type>(span, CaptureTarget::kOutput, nullptr,
                                                      value);
  return static_cast<T&&>(value);
}

// A parameter pack that expanded to nothing: the input `name` is recorded as [].
[[gnu::visibility("default")]] void record_empty_pack(FunctionSpan& span,
                                                      const char* name) noexcept;

// Out of line: only the exception path pays for it.
[[gnu::visibility("default")]] void record_exception(FunctionSpan& span) noexcept;

// The exceptions in flight (std::uncaught_exceptions(), which this header cannot include), and
// the recording of one that is leaving a function: for GuardedFunctionSpan.
[[gnu::visibility("default")]] int exceptions_in_flight() noexcept;
[[gnu::visibility("default")]] void record_if_unwinding(FunctionSpan& span,
                                                        int in_flight_at_entry) noexcept;

// The span of a traced function compiled with the plugin's exceptions=guard: no handler around
// the body (so an exception nobody catches terminates at its throw site, which a core dump and a
// debugger then show, as without the plugin); instead the span notices, when it ends while the
// stack unwinds, that an exception is leaving the function, and records status ERROR and an
// `exception` event, without the exception's type and message (nothing can read them outside a
// handler). Costs two out-of-line calls per recorded call.
class [[nodiscard]] GuardedFunctionSpan : public FunctionSpan {
 public:
  template <class Flush = UnloadFlushOf<>>  // as FunctionSpan's
#if __cplusplus >= 202002L
  constexpr
#endif
  explicit GuardedFunctionSpan(const FunctionSite& site) noexcept
      : FunctionSpan(site, static_cast<Flush*>(nullptr)), in_flight_(-1) {
    if (!constant_evaluated() && recording()) in_flight_ = exceptions_in_flight();
  }
#if __cplusplus >= 202002L
  constexpr
#endif
  ~GuardedFunctionSpan() {
    if (in_flight_ >= 0) record_if_unwinding(*this, in_flight_);
  }

 private:
  int in_flight_;
};

// --- Autolog: calls of LLM clients, redirected by the plugin (plugin/autolog/) --------------
//
// A call `f(args...)` of a client function the plugin knows becomes
// `autolog::Redirect<tags::<tag>, decltype(&f), &f, R, P...>::call(args...)`, where R and P...
// are f's own return and parameter types (a member's object first), so the arguments pass
// exactly as they did. call() hands them to Adapter<tags::<tag>>, which makes the span and calls
// f. Both are only declared here; <mlflow/detail/autolog/redirect.h> and the integration's
// <mlflow/detail/autolog/<id>.h>, which the plugin's tail includes after the user's last line,
// define them (class template members are instantiated at the end of the translation unit).
namespace autolog {

// One tag per redirected client function (plugin/autolog/<Integration>.cpp names them).
namespace tags {
struct cpp_httplib_post;
struct cpp_httplib_send;
struct cpr_post;
struct cpr_session_post;
struct libcurl_cleanup;
struct libcurl_duphandle;
struct libcurl_perform;
struct libcurl_reset;
struct libcurl_setopt;
struct liboai_chat;
struct liboai_chat_async;
struct liboai_completions;
struct liboai_completions_async;
struct liboai_embeddings;
struct liboai_embeddings_async;
struct llama_cpp_chat_template;
struct llama_cpp_decode;
struct llama_cpp_free;
struct llama_cpp_get_embeddings;
struct llama_cpp_init;
struct llama_cpp_is_eog;
struct llama_cpp_memory_clear;
struct llama_cpp_model_load;
struct llama_cpp_sample;
struct llama_cpp_sampler_chain_add;
struct llama_cpp_sampler_chain_init;
struct llama_cpp_sampler_dist;
struct llama_cpp_sampler_greedy;
struct llama_cpp_sampler_min_p;
struct llama_cpp_sampler_temp;
struct llama_cpp_sampler_top_k;
struct llama_cpp_sampler_top_p;
struct llama_cpp_set_embeddings;
struct llama_cpp_token_to_piece;
struct llama_cpp_tokenize;
struct ollama_hpp_chat;
struct ollama_hpp_embeddings;
struct ollama_hpp_generate;
struct openai_cpp_chat;
struct openai_cpp_completion;
struct openai_cpp_embedding;
}  // namespace tags

template <class Tag>
struct Adapter;

template <class Tag, class Fn, Fn F, class R, class... P>
struct Redirect {
  static R call(P... args);
};

}  // namespace autolog

}  // namespace detail
}  // namespace v0
}  // namespace mlflow
