// mlflow/capture.h: turning any C++ value into JSON for span inputs and outputs.
//
//   span.set_inputs({{"query", mlflow::capture(query)}, {"options", mlflow::capture(opts)}});
//   span.set_outputs(mlflow::capture(docs));
//
// The Clang plugin captures the arguments and return value of every traced function, whatever
// their types, so capture() must accept every type: it is never a compile error and never
// throws. A type JSON knows nothing about is recorded as its name ("<app::Widget>") rather than
// rejected.
//
// Customizing: capture() uses nlohmann's own customization point, so a type becomes structured
// JSON once it has a `to_json(nlohmann::json&, const T&)` found by ADL, an
// `nlohmann::adl_serializer<T>` specialization, or NLOHMANN_DEFINE_TYPE_(NON_)INTRUSIVE. The
// standard types nlohmann does not handle (optional, variant, smart pointers, containers of
// unserializable elements, ...) are handled here. docs/capture.md lists what each type becomes.
//
// Safety: recursion is limited to kMaxCaptureDepth levels (JSON values nested deeper are cut
// too), and an object already being captured further up is not captured again, so cyclic graphs
// terminate; the marker "<...>" stands for what was cut. An exception thrown while capturing a
// value (a user to_json, bad_alloc) turns that value alone into "<Type: capture failed: what()>".
// Traced functions called while capturing (a traced to_json) start no span. The limits on size
// (long strings, large containers) are applied by the runtime when the value is recorded.
//
// This header needs only the standard library and nlohmann/json, and links against the runtime
// (libmlflow-cpp: CaptureScope, detail/json_value.h). Include it
// where a span is given a JSON value (span.set_inputs({{"query", q}}), a value of your own type):
// <mlflow/trace.h> does not, so that files that only open spans do not parse nlohmann/json.
#ifndef MLFLOW_CAPTURE_H
#define MLFLOW_CAPTURE_H

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include <mlflow/detail/json_value.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

template <class T>
nlohmann::json capture(const T& value) noexcept;

// Values nested deeper than this (counting the value passed to capture() as level 1) become
// "<...>". Deep enough for any real data, shallow enough that the stack cannot overflow.
inline constexpr int kMaxCaptureDepth = 64;

namespace detail {

// The type's readable name, e.g. "app::Widget", taken from the compiler's spelling of this
// function's signature, so it works without RTTI and costs nothing at run time. The spelling
// is the compiler's: GCC writes "int*" and "std::__cxx11::basic_string<char>" where Clang
// writes "int *" and "std::basic_string<char>".
template <class T>
constexpr std::string_view type_name() noexcept {
#if defined(__clang__) || defined(__GNUC__)
  // Clang: "std::string_view mlflow::v0::detail::type_name() [T = app::Widget]"
  // GCC:   "constexpr std::string_view mlflow::v0::detail::type_name() [with T = app::Widget;
  //         std::string_view = std::basic_string_view<char>]"
  constexpr std::string_view signature = __PRETTY_FUNCTION__;
  constexpr std::string_view marker = "T = ";
  constexpr std::size_t start = signature.find(marker) + marker.size();
  constexpr std::size_t semicolon = signature.find(';', start);
  constexpr std::size_t end =
      semicolon != std::string_view::npos ? semicolon : signature.size() - 1;
  return signature.substr(start, end - start);
#elif defined(_MSC_VER)
  // "class std::basic_string_view<...> __cdecl mlflow::v0::detail::type_name<class app::Widget>
  // (void)" (untested; MSVC keeps its "class "/"struct " prefixes).
  constexpr std::string_view signature = __FUNCSIG__;
  constexpr std::string_view marker = "type_name<";
  constexpr std::size_t start = signature.find(marker) + marker.size();
  constexpr std::size_t end = signature.rfind(">(void)");
  return signature.substr(start, end - start);
#else
  return "?";
#endif
}

template <class T>
using remove_cvref_t = std::remove_cv_t<std::remove_reference_t<T>>;

template <class T, template <class...> class Template>
struct is_specialization : std::false_type {};
template <template <class...> class Template, class... Args>
struct is_specialization<Template<Args...>, Template> : std::true_type {};

// Complete types only: the traits below (and nlohmann's) are undefined on incomplete types, and
// a pimpl's unique_ptr<Impl> is captured in places where Impl is incomplete.
template <class T, class = void>
struct is_complete : std::false_type {};
template <class T>
struct is_complete<T, std::void_t<decltype(sizeof(T))>> : std::true_type {};

template <class T>
struct is_basic_json : nlohmann::detail::is_basic_json<T> {};

// A class derived from nlohmann::json or ordered_json (an SDK's request type: ollama-hpp's
// ollama::request). nlohmann takes it for a type to convert, looks for a to_json, and throws
// (type_error.302); it is a JSON value, and is recorded as one.
template <class T>
struct derives_from_json
    : std::bool_constant<!is_basic_json<T>::value &&
                         (std::is_convertible_v<const T*, const nlohmann::json*> ||
                          std::is_convertible_v<const T*, const nlohmann::ordered_json*>)> {};

// is_char_string: strings and string views of char and char8_t (detail/json_value.h).

// is_c_string: `const char*` (and `const char8_t*`), the C strings (detail/json_value.h).

template <class T>
struct is_char_array : std::false_type {};
template <std::size_t N>
struct is_char_array<char[N]> : std::true_type {};
template <std::size_t N>
struct is_char_array<const char[N]> : std::true_type {};

// The owning pointers, and what they were declared to point to (`int[]` for unique_ptr<int[]>,
// where element_type says `int`).
template <class T>
struct smart_pointer_traits {
  static constexpr bool owning = false;
};
template <class U, class D>
struct smart_pointer_traits<std::unique_ptr<U, D>> {
  static constexpr bool owning = true;
  using pointee = U;
};
template <class U>
struct smart_pointer_traits<std::shared_ptr<U>> {
  static constexpr bool owning = true;
  using pointee = U;
};

template <class T>
struct is_multimap : std::false_type {};
template <class... Args>
struct is_multimap<std::multimap<Args...>> : std::true_type {};
template <class... Args>
struct is_multimap<std::unordered_multimap<Args...>> : std::true_type {};

// begin/end as a range-for would find them: members, arrays, or ADL.
namespace range_adl {
using std::begin;
using std::end;
template <class T>
auto adl_begin(const T& range) -> decltype(begin(range)) {
  return begin(range);
}
template <class T>
auto adl_end(const T& range) -> decltype(end(range)) {
  return end(range);
}
template <class T>
auto adl_begin_mutable(T& range) -> decltype(begin(range));  // for traits only
}  // namespace range_adl

template <class T, class = void>
struct is_range : std::false_type {};
template <class T>
struct is_range<T, std::void_t<decltype(range_adl::adl_begin(std::declval<const T&>()) !=
                                        range_adl::adl_end(std::declval<const T&>())),
                               decltype(*range_adl::adl_begin(std::declval<const T&>())),
                               decltype(++std::declval<decltype(range_adl::adl_begin(
                                            std::declval<const T&>()))&>())>>
    : std::true_type {};

// A range whose end() is a sentinel of another type than its iterator.
template <class T, class = void>
struct has_sentinel : std::false_type {};
template <class T>
struct has_sentinel<T, std::enable_if_t<is_range<T>::value>>
    : std::bool_constant<!std::is_same_v<decltype(range_adl::adl_begin(std::declval<const T&>())),
                                         decltype(range_adl::adl_end(std::declval<const T&>()))>> {};

// An iterator (it has an iterator category), but not a range or a pointer. What it points to
// may not be readable (an output iterator, the end of a buffer), so it is never dereferenced.
template <class T, class = void>
struct is_iterator : std::false_type {};
template <class T>
struct is_iterator<T, std::void_t<typename std::iterator_traits<T>::iterator_category>>
    : std::bool_constant<std::is_class_v<T> && !is_range<T>::value> {};

// A range that can be iterated without changing it: its iterator is at least a forward
// iterator (or a pointer). Iterating an input range (a stream, a scanner's buffer) consumes it,
// so capture() names such ranges instead of reading them.
template <class T, class = void>
struct is_multipass_range : std::false_type {};
template <class T>
struct is_multipass_range<T, std::enable_if_t<is_range<T>::value>> {
  using Iterator = decltype(range_adl::adl_begin(std::declval<const T&>()));
  template <class I, class = void>
  struct category_is_forward : std::false_type {};
  template <class I>
  struct category_is_forward<I, std::void_t<typename std::iterator_traits<I>::iterator_category>>
      : std::is_base_of<std::forward_iterator_tag,
                        typename std::iterator_traits<I>::iterator_category> {};
  static constexpr bool value = std::is_pointer_v<Iterator> || category_is_forward<Iterator>::value;
};

// Iterable only when not const (begin() is not const): capture() sees the value as const, so it
// cannot iterate it, and nlohmann, which accepts it in its traits, cannot either.
template <class T, class = void>
struct is_mutable_only_range : std::false_type {};
template <class T>
struct is_mutable_only_range<T,
                             std::void_t<decltype(range_adl::adl_begin_mutable(std::declval<T&>()))>>
    : std::bool_constant<!is_range<T>::value> {};

// Convertible to a private type nobody converts to on purpose: a catch-all
// `template <class U> operator U()`, which nlohmann would call for a type it may not support.
struct CaptureProbe {};
template <class T>
struct has_catch_all_conversion : std::is_convertible<const T&, CaptureProbe> {};

template <class T>
using range_reference_t = decltype(*range_adl::adl_begin(std::declval<const T&>()));
template <class T>
using range_element_t = remove_cvref_t<range_reference_t<T>>;

// A range of such JSON-derived values (std::vector<ollama::message>), or of JSON values
// (std::vector<nlohmann::json>): recorded element by element, since nlohmann would convert the
// derived ones as above and throw, and copy the others whole, recursively (see bounded_copy).
template <class T, class = void>
struct range_of_json : std::false_type {};
template <class T>
struct range_of_json<T, std::enable_if_t<is_range<T>::value>>
    : std::bool_constant<derives_from_json<range_element_t<T>>::value ||
                         is_basic_json<range_element_t<T>>::value> {};

template <class T, class = void>
struct is_map_like : std::false_type {};
template <class T>
struct is_map_like<T, std::void_t<typename T::key_type, typename T::mapped_type,
                                  decltype(std::declval<range_reference_t<T>>().first),
                                  decltype(std::declval<range_reference_t<T>>().second)>>
    : is_range<T> {};

// Keys that can name a JSON object member as they are.
template <class K>
struct is_string_key : is_char_string<K> {};
template <>
struct is_string_key<const char*> : std::true_type {};

// What is being captured on this thread right now: the depth, and the objects (of class type)
// being captured on the way down (at most one per level), to cut cycles at their first repeat.
// Thread-local rather than passed along because a user's to_json may call capture() itself.
struct CaptureState {
  struct Visit {
    const void* address = nullptr;
    std::string_view type;
  };
  int depth = 0;
  int visits = 0;
  // Set while a function selected by a name filter records a value (UserRangesByName): see
  // is_user_range.
  bool user_ranges_by_name = false;
  Visit visiting[kMaxCaptureDepth] = {};
};

inline CaptureState& capture_state() noexcept {
  static thread_local CaptureState state;
  return state;
}

class DepthScope {
 public:
  DepthScope() noexcept : state_(capture_state()) { ++state_.depth; }
  ~DepthScope() { --state_.depth; }
  DepthScope(const DepthScope&) = delete;
  DepthScope& operator=(const DepthScope&) = delete;
  bool too_deep() const noexcept { return state_.depth > kMaxCaptureDepth; }

 private:
  CaptureState& state_;
};

class VisitScope {
 public:
  // Registers `address` (an object of type `type`) as being captured, unless it already is.
  VisitScope(const void* address, std::string_view type) noexcept : state_(capture_state()) {
    for (int i = 0; i < state_.visits; ++i) {
      const CaptureState::Visit& visit = state_.visiting[i];
      if (visit.address == address && visit.type == type) return;
    }
    if (state_.visits == kMaxCaptureDepth) return;  // only when deeper than the depth limit
    state_.visiting[state_.visits++] = {address, type};
    entered_ = true;
  }
  ~VisitScope() {
    if (entered_) --state_.visits;
  }
  VisitScope(const VisitScope&) = delete;
  VisitScope& operator=(const VisitScope&) = delete;
  // False when the object is already being captured further up: a cycle.
  bool entered() const noexcept { return entered_; }

 private:
  CaptureState& state_;
  bool entered_ = false;
};

inline nlohmann::json cut_marker() { return "<...>"; }

template <class T>
nlohmann::json fallback() {
  constexpr std::string_view name = type_name<T>();
  std::string text;
  text.reserve(name.size() + 2);
  text += '<';
  text += name;
  text += '>';
  return text;
}

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
// "<Type: capture failed: what>", or null when even that string cannot be built.
template <class T>
nlohmann::json capture_failed(const char* what) noexcept {
  try {
    constexpr std::string_view name = type_name<T>();
    std::string text;
    text += '<';
    text += name;
    text += ": capture failed";
    if (what != nullptr) {
      text += ": ";
      text += what;
    }
    text += '>';
    return text;
  } catch (...) {
    return nullptr;
  }
}
#endif

// Whether a JSON value has arrays or objects more than `levels` levels down (the value itself
// is level 1). Recurses at most `levels` levels, however deep the value is.
template <class Json>
bool deeper_than(const Json& value, int levels) {
  if (!value.is_structured()) return false;
  if (levels <= 0) return true;
  for (const auto& element : value) {
    if (deeper_than(element, levels - 1)) return true;
  }
  return false;
}

// A copy of a JSON value (of any basic_json type) whose arrays and objects more than `levels`
// levels down are "<...>". nlohmann copies and writes values recursively, so a document nested
// 100000 levels deep (parsed by the program: nlohmann's parser does not recurse) would exhaust
// the stack when captured or written whole.
template <class Json>
nlohmann::json bounded_copy(const Json& value, int levels) {
  if (!value.is_structured()) return nlohmann::json(value);
  if (levels <= 0) return cut_marker();
  if (value.is_array()) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& element : value) array.push_back(bounded_copy(element, levels - 1));
    return array;
  }
  nlohmann::json object = nlohmann::json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    object[it.key()] = bounded_copy(it.value(), levels - 1);
  }
  return object;
}

// The JSON value as capture() records it at the current depth: the value itself (a copy), or,
// when it is nested deeper than the depth limit allows, a copy cut there.
template <class Json>
nlohmann::json json_within_depth(Json&& value) {  // a JSON value moved in is not copied
  const int levels = kMaxCaptureDepth - capture_state().depth + 1;
  if (deeper_than(value, levels)) return bounded_copy(value, levels);
  return nlohmann::json(std::forward<Json>(value));
}

// "<int* 0x7ffd5e8c>": the address is written out, never followed: a raw pointer may dangle,
// point to one element or to many, or be uninitialized.
template <class P>
nlohmann::json capture_address(P pointer) {
  if (pointer == nullptr) return nullptr;
  constexpr std::string_view name = type_name<P>();
  auto address = reinterpret_cast<std::uintptr_t>(pointer);
  char hex[2 * sizeof(std::uintptr_t)];
  std::size_t digits = 0;
  do {
    hex[digits++] = "0123456789abcdef"[address & 0xF];
    address >>= 4;
  } while (address != 0);
  std::string text;
  text.reserve(name.size() + digits + 5);
  text += '<';
  text += name;
  text += " 0x";
  while (digits > 0) text += hex[--digits];
  text += '>';
  return text;
}

template <class U, class SmartPointer>
nlohmann::json capture_pointee(const SmartPointer& pointer) {
  if (!pointer) return nullptr;
  // Pointees that cannot be read as one value: void, arrays (unique_ptr<T[]>), incomplete types.
  if constexpr (std::is_void_v<U> || std::is_array_v<U> || !is_complete<U>::value) {
    if constexpr (std::is_pointer_v<decltype(pointer.get())>) {
      return capture_address(pointer.get());
    } else {  // a unique_ptr whose deleter has a fancy `pointer` type
      return fallback<SmartPointer>();
    }
  } else {
    return ::mlflow::capture(*pointer);  // a pointee already being captured is cut there
  }
}

template <class Tuple, std::size_t... I>
nlohmann::json capture_tuple(const Tuple& tuple, std::index_sequence<I...>) {
  nlohmann::json array = nlohmann::json::array();
  (array.push_back(::mlflow::capture(std::get<I>(tuple))), ...);
  return array;
}

template <class Map>
nlohmann::json capture_map_as_pairs(const Map& map) {
  nlohmann::json array = nlohmann::json::array();
  auto last = range_adl::adl_end(map);
  for (auto it = range_adl::adl_begin(map); it != last; ++it) {
    const auto& entry = *it;
    array.push_back(
        nlohmann::json::array({::mlflow::capture(entry.first), ::mlflow::capture(entry.second)}));
  }
  return array;
}

template <class Key>
std::string object_key(const Key& key) {
  if constexpr (std::is_pointer_v<Key>) {
    return key != nullptr ? std::string(key) : std::string();
  } else {
    return std::string(reinterpret_cast<const char*>(key.data()), key.size());
  }
}

template <class Map>
nlohmann::json capture_map(const Map& map) {
  using Key = remove_cvref_t<typename Map::key_type>;
  if constexpr (is_string_key<Key>::value && !is_multimap<Map>::value) {
    nlohmann::json object = nlohmann::json::object();
    auto last = range_adl::adl_end(map);
  for (auto it = range_adl::adl_begin(map); it != last; ++it) {
      const auto& entry = *it;
      std::string key = object_key(entry.first);
      // A repeated key means a multimap of some kind; an object would keep only one value.
      if (object.contains(key)) return capture_map_as_pairs(map);
      object.emplace(std::move(key), ::mlflow::capture(entry.second));
    }
    return object;
  } else {
    return capture_map_as_pairs(map);
  }
}

template <class Range>
nlohmann::json capture_range(const Range& range) {
  nlohmann::json array = nlohmann::json::array();
  auto last = range_adl::adl_end(range);  // may be a sentinel of another type
  for (auto it = range_adl::adl_begin(range); it != last; ++it) array.push_back(::mlflow::capture(*it));
  return array;
}

template <class T>
nlohmann::json capture_integer(T value) {
  if constexpr (std::is_signed_v<T>) {
    return static_cast<std::int64_t>(value);
  } else {
    return static_cast<std::uint64_t>(value);
  }
}

// Whether `to_json(json&, const T&)` is found by argument-dependent lookup alone (the user's
// own to_json next to the type); the deleted declaration hides every enclosing namespace's.
namespace to_json_probe {
void to_json() = delete;
template <class T, class = void>
struct has_adl_to_json : std::false_type {};
template <class T>
struct has_adl_to_json<T, std::void_t<decltype(to_json(std::declval<nlohmann::json&>(),
                                                       std::declval<const T&>()))>>
    : std::true_type {};
}  // namespace to_json_probe

// A range that is not the standard library's and has no to_json of its own: capture() iterates
// it, as docs/capture.md says, in a function its author annotated. A function selected by a name
// filter was not written to be traced, and its object may not be iterable where it is passed or
// returned (fmt's buffer leaves its pointer uninitialized until it first grows: iterating it
// read a wild address, test/robustness/NOTES.md problem J), so there such a range is named
// ("<Type>"), as the program does not iterate it there either.
template <class T>
struct is_user_range
    : std::bool_constant<is_range<T>::value && type_name<T>().substr(0, 5) != "std::" &&
                         !to_json_probe::has_adl_to_json<T>::value> {};

class UserRangesByName {
 public:
  UserRangesByName() noexcept : state_(capture_state()), saved_(state_.user_ranges_by_name) {
    state_.user_ranges_by_name = true;
  }
  ~UserRangesByName() { state_.user_ranges_by_name = saved_; }
  UserRangesByName(const UserRangesByName&) = delete;
  UserRangesByName& operator=(const UserRangesByName&) = delete;

 private:
  CaptureState& state_;
  bool saved_;
};

// The rules, in order; the first that applies wins. May throw; capture() catches.
template <class T>
nlohmann::json capture_value(const T& value) {
  if constexpr (is_user_range<T>::value) {
    if (capture_state().user_ranges_by_name) return fallback<T>();
  }
  if constexpr (std::is_function_v<T>) {
    return capture_address(&value);
  } else if constexpr (!is_complete<T>::value) {
    return fallback<T>();
  } else if constexpr (is_basic_json<T>::value) {
    return json_within_depth(value);
  } else if constexpr (derives_from_json<T>::value) {
    if constexpr (std::is_convertible_v<const T*, const nlohmann::json*>) {
      return json_within_depth(static_cast<const nlohmann::json&>(value));
    } else {
      return json_within_depth(static_cast<const nlohmann::ordered_json&>(value));
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    return value;
  } else if constexpr (std::is_same_v<T, char>) {
    return std::string(1, value);
  } else if constexpr (std::is_integral_v<T>) {
    return capture_integer(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(value);
  } else if constexpr (is_char_string<T>::value) {
    return std::string(reinterpret_cast<const char*>(value.data()), value.size());
  } else if constexpr (is_c_string<T>::value) {
    if (value == nullptr) return nullptr;
    return std::string(reinterpret_cast<const char*>(value));
  } else if constexpr (is_char_array<T>::value) {
    // A string literal or a char buffer: up to the first NUL, never past the array's end.
    std::size_t length = 0;
    while (length < std::extent_v<T> && value[length] != '\0') ++length;
    return std::string(value, length);
  } else if constexpr (std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::monostate>) {
    return nullptr;
  } else if constexpr (is_specialization<T, std::optional>::value) {
    if (!value.has_value()) return nullptr;
    return ::mlflow::capture(*value);
  } else if constexpr (is_specialization<T, std::variant>::value) {
    if (value.valueless_by_exception()) return nullptr;
    return std::visit([](const auto& alternative) { return ::mlflow::capture(alternative); },
                      value);
  } else if constexpr (is_specialization<T, std::reference_wrapper>::value) {
    return ::mlflow::capture(value.get());
  } else if constexpr (smart_pointer_traits<T>::owning) {
    return capture_pointee<typename smart_pointer_traits<T>::pointee>(value);
  } else if constexpr (is_specialization<T, std::weak_ptr>::value) {
    return capture_pointee<typename smart_pointer_traits<decltype(value.lock())>::pointee>(
        value.lock());
  } else if constexpr (std::is_pointer_v<T>) {
    return capture_address(value);
  } else if constexpr (is_specialization<T, std::pair>::value ||
                       is_specialization<T, std::tuple>::value) {
    return capture_tuple(value, std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (std::is_array_v<T>) {
    // Before nlohmann: its C-array to_json accepts any element type and fails to compile on
    // unserializable ones, instead of declining.
    return capture_range(value);
  } else if constexpr (is_multimap<T>::value) {
    // Before nlohmann: it turns a multimap with string keys into an object, losing duplicates.
    return capture_map(value);
  } else if constexpr (has_catch_all_conversion<T>::value || is_mutable_only_range<T>::value) {
    return fallback<T>();
  } else if constexpr (is_iterator<T>::value) {
    // Before nlohmann: it takes an iterator over chars for a std::filesystem::path and reads
    // it up to a NUL that may not be there.
    return fallback<T>();
  } else if constexpr (is_range<T>::value && !is_multipass_range<T>::value) {
    return fallback<T>();
  } else if constexpr (has_sentinel<T>::value) {
    // Before nlohmann: it accepts such ranges, then cannot build them.
    return capture_range(value);
  } else if constexpr (range_of_json<T>::value) {
    return capture_range(value);
  } else if constexpr (std::is_constructible_v<nlohmann::json, const T&>) {
    // A to_json may return a deep JSON value of its own: recorded within the depth limit too.
    return json_within_depth(nlohmann::json(value));
  } else if constexpr (is_map_like<T>::value) {
    return capture_map(value);
  } else if constexpr (is_range<T>::value) {
    // A range of itself (std::filesystem::path's elements are paths) would never bottom out.
    if constexpr (std::is_same_v<range_element_t<T>, T>) {
      return fallback<T>();
    } else {
      return capture_range(value);
    }
  } else if constexpr (std::is_enum_v<T>) {
    // Reached only when nlohmann's enum support is off (JSON_DISABLE_ENUM_SERIALIZATION).
    return capture_integer(static_cast<std::underlying_type_t<T>>(value));
  } else {
    return fallback<T>();
  }
}

// An object of class type that is already being captured further up (reached again through a
// smart pointer, or through a to_json that captures what a raw pointer points to) is a cycle:
// it is cut at its first repeat, "<...>", instead of being captured again until the depth limit
// (which, for a node with two pointers back, would be 2^64 captures).
template <class T>
nlohmann::json capture_object(const T& value) {
  if constexpr (std::is_class_v<T>) {
    VisitScope visit(static_cast<const void*>(std::addressof(value)), type_name<T>());
    if (!visit.entered()) return cut_marker();
    return capture_value<T>(value);
  } else {
    return capture_value<T>(value);
  }
}

}  // namespace detail

// Turns any C++ value into JSON for span inputs/outputs. Never a compile error for an
// unserializable type, never throws. The value is only read; containers are iterated in place.
template <class T>
nlohmann::json capture(const T& value) noexcept {
  detail::DepthScope depth;
  // The outermost capture keeps traced functions from starting spans while it runs: a to_json,
  // a conversion or a range's iterator it calls may be traced itself (json_value.h).
  std::optional<detail::CaptureScope> no_spans;
  if (detail::capture_state().depth == 1) no_spans.emplace();
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    if (depth.too_deep()) return detail::cut_marker();
    return detail::capture_object<T>(value);
  } catch (const std::exception& error) {
    return detail::capture_failed<T>(error.what());
  } catch (...) {
    return detail::capture_failed<T>(nullptr);
  }
#else
  // Built with -fno-exceptions (and JSON_NOEXCEPTION): nothing can be thrown to catch.
  if (depth.too_deep()) return detail::cut_marker();
  return detail::capture_object<T>(value);
#endif
}

namespace detail {
// The JSON text of any value, for the span setters and the plugin's captures (json_value.h):
// written here, by the nlohmann/json this translation unit compiles with, so that no nlohmann
// type crosses into the runtime. Compact, invalid UTF-8 replaced; the runtime respells it.
template <class T>
std::string json_text_of(JsonTextTag, const T& value) {
  if constexpr (is_basic_json<T>::value) {
    if (deeper_than(value, kMaxCaptureDepth)) {  // dump() recurses: see bounded_copy
      return bounded_copy(value, kMaxCaptureDepth)
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return value.dump(-1, ' ', false, T::error_handler_t::replace);
  } else {
    return ::mlflow::capture(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}
}  // namespace detail

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_CAPTURE_H
