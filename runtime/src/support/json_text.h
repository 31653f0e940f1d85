// json_text.h: JSON text as MLflow's Python client writes it.
//
// MLflow stores every span attribute as JSON text made by Python's json.dumps (separators ", "
// and ": ", non-ASCII kept as is). Writing the same spelling keeps our traces byte-for-byte
// comparable with the Python client's, and previews identical. Text is always valid UTF-8:
// invalid bytes in C++ strings become U+FFFD instead of failing the whole trace.
#ifndef MLFLOW_RUNTIME_JSON_TEXT_H
#define MLFLOW_RUNTIME_JSON_TEXT_H

#include <mlflow/version.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// A growable byte buffer whose appends are inline: JSON text is written in many small pieces,
// and std::string::append costs a call (two, with its memcpy) per piece, which was most of the
// time of writing the local store's lines. room() + commit_to() let a writer fill it directly.
class TextBuffer {
 public:
  TextBuffer() = default;
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;
  ~TextBuffer() { std::free(data_); }

  const char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }
  std::string_view view() const noexcept { return {data_, size_}; }
  char back() const noexcept { return data_[size_ - 1]; }

  void clear() noexcept { size_ = 0; }
  // Only shrinks (takes back what was appended since `size`).
  void resize(std::size_t size) noexcept {
    if (size < size_) size_ = size;
  }
  // Room for `n` more bytes at the returned pointer; commit_to(end of what was written).
  char* room(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_ + size_;
  }
  void commit_to(const char* end) noexcept { size_ = static_cast<std::size_t>(end - data_); }

  void push_back(char c) {
    *room(1) = c;
    ++size_;
  }
  void append(const char* s, std::size_t n) {
    std::memcpy(room(n), s, n);
    size_ += n;
  }
  void append(std::string_view s) { append(s.data(), s.size()); }
  TextBuffer& operator+=(std::string_view s) {
    append(s.data(), s.size());
    return *this;
  }
  TextBuffer& operator+=(char c) {
    push_back(c);
    return *this;
  }

  // Frees the memory when the capacity grew beyond `bytes` (after a large value).
  void release_memory_above(std::size_t bytes) noexcept;

 private:
  void grow(std::size_t n);

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// `value` in decimal at `p` (room for 20 digits and a sign); returns the end. The same digits
// as std::to_chars, which spends a division per digit pair and a loop to find the length: most
// of the cost of the times every span holds (19 digits of nanoseconds). Large values go as
// 8-digit groups instead.
char* write_decimal(char* p, std::uint64_t value) noexcept;
char* write_decimal(char* p, std::int64_t value) noexcept;

// An integer in decimal, as JSON spells it.
template <class Integer>
char* write_integer(char* p, Integer value) noexcept {
  static_assert(std::is_integral_v<Integer> && sizeof(Integer) <= 8);
  if constexpr (std::is_signed_v<Integer>) {
    return write_decimal(p, static_cast<std::int64_t>(value));
  } else {
    return write_decimal(p, static_cast<std::uint64_t>(value));
  }
}
template <class Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  out.append(digits, static_cast<std::size_t>(write_integer(digits, value) - digits));
}
template <class Integer>
void append_integer(TextBuffer& out, Integer value) {
  char* const p = out.room(24);
  out.commit_to(write_integer(p, value));
}

// json.dumps(value, ensure_ascii=False); NaN and infinities become null.
std::string to_json_text(const nlohmann::json& value);
// The same, appended to `out`.
void append_json_text(std::string& out, const nlohmann::json& value);
// A JSON string literal of `text`, quoted and escaped as json.dumps and nlohmann write it.
void append_json_string(std::string& out, std::string_view text);
// nlohmann's compact value.dump(-1, ' ', false, error_handler_t::replace) ("," and ":", keys
// sorted), appended to `out`.
void append_compact_json(std::string& out, const nlohmann::json& value);

// The same, into a TextBuffer.
void append_json_text(TextBuffer& out, const nlohmann::json& value);
void append_compact_json(TextBuffer& out, const nlohmann::json& value);
void append_json_string(TextBuffer& out, std::string_view text);
// append_json_string of what append_json_string writes for `text` (the JSON string of the JSON
// text of a string: an attribute value in MLflow's format), in one pass, without the text between.
void append_json_string_in_json_string(TextBuffer& out, std::string_view text);

// Rewrites the JSON text text[from..] as append_json_text writes the value it stands for (the
// members of every object in key order, as nlohmann's objects keep them), without building the
// tree: for JSON text written by this file's functions (a span's recorded values), the one
// difference is the order of an object's members, which is in call order. Returns false,
// leaving `text` as it was, when the text holds anything else that a parse and a write would
// change or that this does not read (a float, an escape append_json_string does not write, a key
// with an escape, a repeated key, whitespace other than ", " and ": ", nesting deeper than 64,
// invalid UTF-8, text that is not JSON): the caller parses it then. Also false when an object
// in it has a member named `stop_key` (not empty): what only a tree can tell about such a value
// (a chat message has a member "role") is then found with the tree.
bool canonicalize_json_text(std::string& text, std::size_t from, std::string_view stop_key = {});

// The value JSON text stands for, read with the runtime's nlohmann/json (text written by the
// program's, of any release: mlflow/detail/json_value.h). Invalid UTF-8 in it is read as U+FFFD;
// text that is not valid JSON is kept as a JSON string of itself (valid UTF-8), so that nothing
// is lost.
nlohmann::json parse_json_value(std::string_view text);

// The bytes with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view bytes);
// The same, appended to `out` (no copy of its own when the bytes are valid, the usual case).
void append_valid_utf8(std::string& out, std::string_view bytes);

// Python's `s[:max - 3] + "..."` when s has more than `max` code points (s must be valid UTF-8).
std::string truncate_code_points(std::string_view text, std::size_t max);
// The same, in place, for the text that starts at `text[from]`.
void truncate_code_points_in_place(std::string& text, std::size_t from, std::size_t max);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_JSON_TEXT_H
