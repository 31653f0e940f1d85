// json_text.cpp: see json_text.h.
#include "support/json_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0) lo = 0xa0;  // no overlong forms
    if (c == 0xed) hi = 0x9f;  // no surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  return n;
}

std::string dump_scalar(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// What each ASCII byte becomes inside a JSON string: 0 copied as is, 'u' as \u00xx, else the
// letter after the backslash.
constexpr std::array<char, 128> kEscapes = [] {
  std::array<char, 128> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['\b'] = 'b';
  table['\f'] = 'f';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  table['"'] = '"';
  table['\\'] = '\\';
  return table;
}();

// True when one of the 8 bytes of `word` needs care (as below).
inline bool word_needs_care(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
  return ((word & kHigh) | below_space | has_zero(word ^ (kOnes * '"')) |
          has_zero(word ^ (kOnes * '\\'))) != 0;
}

// The bytes of a block of kBlock that need care (bit i for byte i): control characters, '"',
// '\\', and the bytes of multi-byte sequences (whose UTF-8 is checked).
#if defined(__SSE2__)
constexpr std::size_t kBlock = 16;
inline unsigned care_mask(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Signed: bytes from 0x80 up are negative, so below 0x20 too.
  const __m128i care = _mm_or_si128(
      _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(care));
}
#else
constexpr std::size_t kBlock = 8;
inline unsigned care_mask(const char* p) noexcept {
  unsigned mask = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80 || kEscapes[c] != 0) mask |= 1u << i;
  }
  return mask;
}
#endif

// Writes the byte s[i] that needs care escaped (or, from 0x80 up, with the rest of its UTF-8
// sequence, checked) at `dst`, and moves `i` past it. Returns the end of what was written, or
// null when it starts invalid UTF-8. kTwice: escaped twice, as in the JSON string of the JSON
// string of `s` (each backslash and quote of the escape escaped again): \" becomes \\\" (4
// bytes), \n \\n (3), \u0001 \\u0001 (7).
template <bool kTwice>
inline char* escape_special(char* dst, std::string_view s, std::size_t& i) {
  static constexpr char kHex[] = "0123456789abcdef";
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 0x80) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return nullptr;
    for (std::size_t k = 0; k < n; ++k) dst[k] = s[i + k];
    i += n;
    return dst + n;
  }
  ++i;
  const char escape = kEscapes[c];
  if constexpr (kTwice) {
    dst[0] = '\\';
    dst[1] = '\\';
    dst += 2;
    if (escape == '"' || escape == '\\') *dst++ = '\\';
  } else {
    *dst++ = '\\';
  }
  if (escape != 'u') {
    *dst = escape;
    return dst + 1;
  }
  std::memcpy(dst, "u00", 3);
  dst[3] = kHex[c >> 4];
  dst[4] = kHex[c & 15];
  return dst + 5;
}

// Bytes written per byte escaped, at most.
template <bool kTwice>
constexpr std::size_t kMaxEscapedBytes = kTwice ? 7 : 6;

// Escapes the block s[i, i + length) (length <= kBlock) whose bytes that need care are the set
// bits of `mask` (not 0), in one pass over the mask: the clean run before each such byte is
// copied, then the byte is escaped. JSON text held in a JSON string (MLflow's attributes) is
// dense in '"': leaving the block at each one to load the next from there cost a load and a
// block copy per '"'. `block` holds the block's bytes followed by at least kBlock readable ones
// (each run is copied kBlock bytes at a time, of which only the run counts). Moves `i` past
// the block, or past a UTF-8 sequence that runs beyond it; null at invalid UTF-8.
template <bool kTwice>
inline char* escape_block(char* dst, std::string_view s, std::size_t& i, const char* block,
                          unsigned mask, std::size_t length) {
  std::size_t done = 0;  // bytes of the block written
  do {
    const auto at = static_cast<std::size_t>(__builtin_ctz(mask));
    std::memcpy(dst, block + done, kBlock);
    dst += at - done;
    std::size_t next = i + at;
    dst = escape_special<kTwice>(dst, s, next);
    if (dst == nullptr) return nullptr;
    done = next - i;
    mask = done >= kBlock ? 0 : mask & (~0u << done);
  } while (mask != 0);
  if (done < length) {
    std::memcpy(dst, block + done, kBlock);
    dst += length - done;
    done = length;
  }
  i += done;
  return dst;
}

// Escapes data[i, end) as in a JSON string (no quotes) to `dst`, in one pass that also checks
// the UTF-8: blocks without anything to escape are copied whole. `dst` must have room for
// kMaxEscapedBytes * (end - i) + kBlock bytes (a multi-byte sequence may run up to 3 bytes past
// `end`; `i` is left after it). Returns the end of what was written, or null at invalid UTF-8.
template <bool kTwice>
char* escape_to(char* dst, std::string_view s, std::size_t& position, std::size_t end) {
  const char* const data = s.data();
  std::size_t i = position;
  while (i + kBlock <= end) {
    const unsigned mask = care_mask(data + i);
    if (mask == 0) {
      std::memcpy(dst, data + i, kBlock);
      dst += kBlock;
      i += kBlock;
      continue;
    }
    if (i + 2 * kBlock <= s.size()) {
      dst = escape_block<kTwice>(dst, s, i, data + i, mask, kBlock);
    } else {  // the string's last bytes: the runs are copied from a copy of the block
      char block[2 * kBlock] = {};
      std::memcpy(block, data + i, kBlock);
      dst = escape_block<kTwice>(dst, s, i, block, mask, kBlock);
    }
    if (dst == nullptr) return nullptr;
  }
  // The last bytes, fewer than a block: as two overlapping words when none needs care (the
  // usual case, and all of most short strings), else as a block of their own (copied by the
  // same two words), or one at a time when fewer than 4.
  if (i >= end) {
    position = i;
    return dst;
  }
  const std::size_t left = end - i;
  if (left < 4) {
    while (i < end) {
      const unsigned char c = static_cast<unsigned char>(data[i]);
      if (c < 0x80 && kEscapes[c] == 0) {
        *dst++ = static_cast<char>(c);
        ++i;
      } else if ((dst = escape_special<kTwice>(dst, s, i)) == nullptr) {
        return nullptr;
      }
    }
    position = i;
    return dst;
  }
  char block[2 * kBlock] = {};
  if (left >= 8) {
    std::uint64_t first, last;
    std::memcpy(&first, data + i, 8);
    std::memcpy(&last, data + end - 8, 8);
    if (!word_needs_care(first) && !word_needs_care(last)) {
      std::memcpy(dst, &first, 8);
      std::memcpy(dst + left - 8, &last, 8);
      position = end;
      return dst + left;
    }
    std::memcpy(block, &first, 8);
    std::memcpy(block + left - 8, &last, 8);
  } else {
    std::uint32_t first, last;
    std::memcpy(&first, data + i, 4);
    std::memcpy(&last, data + end - 4, 4);
    constexpr std::uint64_t kSpaces = 0x2020202000000000ULL;  // need no care
    if (!word_needs_care(first | kSpaces) && !word_needs_care(last | kSpaces)) {
      std::memcpy(dst, &first, 4);
      std::memcpy(dst + left - 4, &last, 4);
      position = end;
      return dst + left;
    }
    std::memcpy(block, &first, 4);
    std::memcpy(block + left - 4, &last, 4);
  }
  // Not 0: one of the words needed care.
  dst = escape_block<kTwice>(dst, s, i, block, care_mask(block) & ((1u << left) - 1), left);
  position = i;
  return dst;
}

// Input bytes escaped per step: bounds the room asked for (6x, 7x) whatever the string's size.
constexpr std::size_t kEscapeStep = 512;
template <bool kTwice>
constexpr std::size_t kRoomPerStep = kMaxEscapedBytes<kTwice> * kEscapeStep + kBlock + 8;

// '"' + the string escaped + '"' (kTwice: '"\"' + escaped twice + '\""'). Returns false, having
// appended part of it, when `s` is not valid UTF-8.
template <bool kTwice = false>
bool append_quoted_if_valid(TextBuffer& out, std::string_view s) {
  constexpr std::string_view kQuote = kTwice ? "\"\\\"" : "\"";
  constexpr std::string_view kEndQuote = kTwice ? "\\\"\"" : "\"";
  std::size_t i = 0;
  char* dst = out.room(kRoomPerStep<kTwice>);
  std::memcpy(dst, kQuote.data(), kQuote.size());
  dst += kQuote.size();
  while (i < s.size()) {
    const std::size_t end = std::min(s.size(), i + kEscapeStep);
    dst = escape_to<kTwice>(dst, s, i, end);
    if (dst == nullptr) return false;
    out.commit_to(dst);
    dst = out.room(kRoomPerStep<kTwice>);
  }
  std::memcpy(dst, kEndQuote.data(), kEndQuote.size());
  out.commit_to(dst + kEndQuote.size());
  return true;
}

// The same for a std::string, through a buffer on the stack: one append for most strings.
bool append_quoted_if_valid(std::string& out, std::string_view s) {
  char stage[kRoomPerStep<false>];
  std::size_t i = 0;
  char* dst = stage;
  *dst++ = '"';
  while (i < s.size()) {
    const std::size_t end = std::min(s.size(), i + kEscapeStep);
    dst = escape_to<false>(dst, s, i, end);
    if (dst == nullptr) return false;
    if (i < s.size()) {
      out.append(stage, static_cast<std::size_t>(dst - stage));
      dst = stage;
    }
  }
  *dst++ = '"';
  out.append(stage, static_cast<std::size_t>(dst - stage));
  return true;
}

// A JSON string as json.dumps(ensure_ascii=False) and nlohmann write it: '"' and '\\' escaped,
// \b \f \n \r \t, other control characters as \u00xx; everything else as is.
template <class Out>
void write_string(Out& out, std::string_view s) {
  const std::size_t start = out.size();
  if (append_quoted_if_valid(out, s)) return;
  // Rare: invalid UTF-8, replaced as nlohmann replaces it.
  out.resize(start);
  out.append(dump_scalar(nlohmann::json(std::string(s))));
}

// Python's json.dumps spelling (", " and ": ") when kSpaced, else nlohmann's compact dump(-1).
template <bool kSpaced, class Out>
void write(Out& out, const nlohmann::json& value) {
  constexpr std::string_view kComma = kSpaced ? ", " : ",";
  constexpr std::string_view kColon = kSpaced ? ": " : ":";
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out.append(kComma.data(), kComma.size());
        first = false;
        write_string(out, it.key());
        out.append(kColon.data(), kColon.size());
        write<kSpaced>(out, it.value());
      }
      out.push_back('}');
      break;
    }
    case nlohmann::json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value) {
        if (!first) out.append(kComma.data(), kComma.size());
        first = false;
        write<kSpaced>(out, element);
      }
      out.push_back(']');
      break;
    }
    case nlohmann::json::value_t::string:
      write_string(out, value.get_ref<const std::string&>());
      break;
    case nlohmann::json::value_t::number_integer:
      append_integer(out, value.get<std::int64_t>());
      break;
    case nlohmann::json::value_t::number_unsigned:
      append_integer(out, value.get<std::uint64_t>());
      break;
    case nlohmann::json::value_t::boolean:
      if (value.get<bool>()) {
        out.append("true", 4);
      } else {
        out.append("false", 5);
      }
      break;
    case nlohmann::json::value_t::null:
      out.append("null", 4);
      break;
    default: {  // floats (Python's repr spelling, NaN as null), binary, discarded
      const std::string text = dump_scalar(value);
      out.append(text.data(), text.size());
    }
  }
}

}  // namespace

void append_json_text(std::string& out, const nlohmann::json& value) { write<true>(out, value); }

void append_compact_json(std::string& out, const nlohmann::json& value) { write<false>(out, value); }

void append_json_string(std::string& out, std::string_view text) { write_string(out, text); }

void append_json_text(TextBuffer& out, const nlohmann::json& value) { write<true>(out, value); }

void append_compact_json(TextBuffer& out, const nlohmann::json& value) { write<false>(out, value); }

void append_json_string(TextBuffer& out, std::string_view text) { write_string(out, text); }

void append_json_string_in_json_string(TextBuffer& out, std::string_view text) {
  const std::size_t start = out.size();
  if (append_quoted_if_valid<true>(out, text)) return;
  // Rare: invalid UTF-8. The JSON string (with U+FFFD for it), written as a JSON string.
  out.resize(start);
  std::string once;
  write_string(once, text);
  write_string(out, once);
}

namespace {

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Exactly 8 digits of `value` (< 10^8), leading zeros kept.
inline void write_8_digits(char* p, std::uint32_t value) noexcept {
  const std::uint32_t high = value / 10000, low = value % 10000;
  std::memcpy(p, kDigitPairs + 2 * (high / 100), 2);
  std::memcpy(p + 2, kDigitPairs + 2 * (high % 100), 2);
  std::memcpy(p + 4, kDigitPairs + 2 * (low / 100), 2);
  std::memcpy(p + 6, kDigitPairs + 2 * (low % 100), 2);
}

// Up to 8 digits of `value` (< 10^8), without leading zeros.
inline char* write_up_to_8_digits(char* p, std::uint32_t value) noexcept {
  return std::to_chars(p, p + 8, value).ptr;
}

}  // namespace

char* write_decimal(char* p, std::uint64_t value) noexcept {
  constexpr std::uint64_t k8 = 100000000, k16 = k8 * k8;
  if (value < k8) return write_up_to_8_digits(p, static_cast<std::uint32_t>(value));
  if (value < k16) {
    p = write_up_to_8_digits(p, static_cast<std::uint32_t>(value / k8));
  } else {
    p = write_up_to_8_digits(p, static_cast<std::uint32_t>(value / k16));  // up to 4 digits
    write_8_digits(p, static_cast<std::uint32_t>(value / k8 % k8));
    p += 8;
  }
  write_8_digits(p, static_cast<std::uint32_t>(value % k8));
  return p + 8;
}

char* write_decimal(char* p, std::int64_t value) noexcept {
  if (value >= 0) return write_decimal(p, static_cast<std::uint64_t>(value));
  *p++ = '-';
  return write_decimal(p, ~static_cast<std::uint64_t>(value) + 1);  // INT64_MIN too
}

void TextBuffer::grow(std::size_t n) {
  std::size_t capacity = capacity_ < 256 ? 256 : capacity_ * 2;
  while (capacity - size_ < n) capacity *= 2;
  char* data = static_cast<char*>(std::realloc(data_, capacity));
  if (data == nullptr) throw std::bad_alloc();
  data_ = data;
  capacity_ = capacity;
}

void TextBuffer::release_memory_above(std::size_t bytes) noexcept {
  if (capacity_ <= bytes) return;
  std::free(data_);
  data_ = nullptr;
  size_ = capacity_ = 0;
}

namespace {

// canonicalize_json_text's reader. check() reads the whole text once, accepting only what
// append_json_text writes (the strings, integers, literals and separators it spells) and noting
// whether some object's keys are out of order; write_sorted() then writes it with every
// object's members sorted, copying each string, number and literal as it is.
class CanonicalJsonText {
 public:
  CanonicalJsonText(std::string_view text, std::string_view stop_key)
      : t_(text), stop_key_(stop_key) {}

  bool check() { return value(0) && i_ == t_.size(); }
  bool unsorted() const { return unsorted_; }

  // After check(): `out` gets the text, objects sorted. False at a repeated key.
  bool write_sorted(std::string& out) {
    members_.clear();
    return write_value(out, 0, t_.size());
  }

 private:
  static constexpr int kMaxDepth = 64;

  bool take(std::string_view word) {
    if (t_.size() - i_ < word.size() || std::memcmp(t_.data() + i_, word.data(), word.size()) != 0)
      return false;
    i_ += word.size();
    return true;
  }
  bool take(char c) {
    if (i_ >= t_.size() || t_[i_] != c) return false;
    ++i_;
    return true;
  }
  // ", " or ": ".
  bool take_separator(char c) {
    if (t_.size() - i_ < 2 || t_[i_] != c || t_[i_ + 1] != ' ') return false;
    i_ += 2;
    return true;
  }

  // A string at i_ spelled as append_json_string spells it: no raw control character, valid
  // UTF-8, and only the escapes it writes (\" \\ \b \f \n \r \t, and \u00xx in lower-case hex
  // for the other control characters). `escaped`: whether it holds an escape.
  bool string(bool& escaped) {
    escaped = false;
    ++i_;  // the opening quote
    const std::size_t n = t_.size();
    for (;;) {
      while (i_ + kBlock <= n && care_mask(t_.data() + i_) == 0) i_ += kBlock;
      if (i_ >= n) return false;
      const unsigned char c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c >= 0x80) {
        const std::size_t length = utf8_sequence_length(t_, i_);
        if (length == 0) return false;
        i_ += length;
        continue;
      }
      if (c < 0x20) return false;
      if (c != '\\') {
        ++i_;
        continue;
      }
      escaped = true;
      if (i_ + 1 >= n) return false;
      const char e = t_[i_ + 1];
      if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        i_ += 2;
        continue;
      }
      // \u00xx: a control character without a name of its own.
      if (e != 'u' || i_ + 6 > n || t_[i_ + 2] != '0' || t_[i_ + 3] != '0') return false;
      const char high = t_[i_ + 4], low = t_[i_ + 5];
      const int low_value = low >= '0' && low <= '9' ? low - '0' : low >= 'a' && low <= 'f' ? low - 'a' + 10 : -1;
      if ((high != '0' && high != '1') || low_value < 0) return false;
      if (kEscapes[(high - '0') * 16 + low_value] != 'u') return false;
      i_ += 6;
    }
  }

  // An integer as append_integer writes it, within what nlohmann reads as an integer (larger
  // ones become floats); a float is left to the parse (its spelling may change).
  bool number() {
    const std::size_t start = i_;
    const bool negative = t_[i_] == '-';
    if (negative) ++i_;
    const std::size_t digits = i_;
    while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
    const std::size_t count = i_ - digits;
    if (count == 0 || (t_[digits] == '0' && (count > 1 || negative))) return false;  // 01, -0
    // Within int64 (negative) or uint64: digits compared with the largest of the same length.
    const std::string_view largest = negative ? "9223372036854775808" : "18446744073709551615";
    if (count > largest.size() || (count == largest.size() && t_.substr(digits, count) > largest))
      return false;
    if (i_ < t_.size() && (t_[i_] == '.' || t_[i_] == 'e' || t_[i_] == 'E')) return false;
    return i_ > start;
  }

  bool value(int depth) {
    if (i_ >= t_.size() || depth > kMaxDepth) return false;
    switch (t_[i_]) {
      case '"': {
        bool escaped;
        return string(escaped);
      }
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case 't':
        return take("true");
      case 'f':
        return take("false");
      case 'n':
        return take("null");
      default:
        return (t_[i_] == '-' || (t_[i_] >= '0' && t_[i_] <= '9')) && number();
    }
  }

  bool object(int depth) {
    ++i_;
    if (take('}')) return true;
    std::string_view previous;
    bool first = true;
    for (;;) {
      if (i_ >= t_.size() || t_[i_] != '"') return false;
      const std::size_t key_start = i_ + 1;
      bool escaped;
      if (!string(escaped) || escaped) return false;  // a key's escape would change its order
      const std::string_view key = t_.substr(key_start, i_ - 1 - key_start);
      if (!first && !(previous < key)) unsorted_ = true;
      if (!stop_key_.empty() && key == stop_key_) return false;
      previous = key;
      first = false;
      if (!take_separator(':') || !value(depth + 1)) return false;
      if (take_separator(',')) continue;
      return take('}');
    }
  }

  bool array(int depth) {
    ++i_;
    if (take(']')) return true;
    for (;;) {
      if (!value(depth + 1)) return false;
      if (take_separator(',')) continue;
      return take(']');
    }
  }

  // --- Writing, after check() -----------------------------------------------------------------

  // Where the value that starts at t_[at] ends (the text is known good).
  std::size_t value_end(std::size_t at) const {
    std::size_t depth = 0;
    for (std::size_t k = at; k < t_.size(); ++k) {
      const char c = t_[k];
      if (c == '"') {
        for (++k; t_[k] != '"'; ++k)
          if (t_[k] == '\\') ++k;
        if (depth == 0) return k + 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return k;  // the end of the container around a scalar
        if (--depth == 0) return k + 1;
      } else if (depth == 0 && c == ',') {
        return k;
      }
    }
    return t_.size();
  }

  struct Member {
    std::string_view key;
    std::size_t begin, end;  // the value
  };

  bool write_value(std::string& out, std::size_t begin, std::size_t end) {
    const char c = t_[begin];
    if (c == '{') return write_object(out, begin, end);
    if (c == '[') {
      out.push_back('[');
      std::size_t k = begin + 1;
      bool first = true;
      while (t_[k] != ']') {
        if (!first) {
          out.append(", ");
          k += 2;
        }
        first = false;
        const std::size_t value_stop = value_end(k);
        if (!write_value(out, k, value_stop)) return false;
        k = value_stop;
      }
      out.push_back(']');
      return true;
    }
    out.append(t_.substr(begin, end - begin));
    return true;
  }

  bool write_object(std::string& out, std::size_t begin, std::size_t) {
    // This object's members go on members_ after those of the objects around it.
    const std::size_t base = members_.size();
    std::size_t k = begin + 1;
    while (t_[k] != '}') {
      if (k != begin + 1) k += 2;  // ", "
      const std::size_t key_end = t_.find('"', k + 1);  // keys hold no escape (check())
      Member member{t_.substr(k + 1, key_end - k - 1), key_end + 3, 0};
      member.end = value_end(member.begin);
      members_.push_back(member);
      k = member.end;
    }
    // Insertion sort, stable: few members, and no temporary buffer as std::stable_sort's.
    for (std::size_t m = base + 1; m < members_.size(); ++m) {
      const Member member = members_[m];
      std::size_t j = m;
      for (; j > base && member.key < members_[j - 1].key; --j) members_[j] = members_[j - 1];
      members_[j] = member;
    }
    out.push_back('{');
    // By index: the members of nested objects are pushed on (and taken off) members_ meanwhile.
    for (std::size_t m = base; m < members_.size(); ++m) {
      const Member member = members_[m];
      if (m > base) {
        if (members_[m - 1].key == member.key) return false;  // nlohmann keeps the last one
        out.append(", ");
      }
      out.push_back('"');
      out.append(member.key);
      out.append("\": ");
      if (!write_value(out, member.begin, member.end)) return false;
    }
    out.push_back('}');
    members_.resize(base);
    return true;
  }

  std::string_view t_;
  std::string_view stop_key_;
  std::size_t i_ = 0;
  bool unsorted_ = false;
  std::vector<Member> members_;
};

}  // namespace

bool canonicalize_json_text(std::string& text, std::size_t from, std::string_view stop_key) {
  CanonicalJsonText reader(std::string_view(text).substr(from), stop_key);
  if (!reader.check()) return false;
  if (!reader.unsorted()) return true;  // as written
  const std::string copy = text.substr(from);
  CanonicalJsonText sorter(copy, {});
  text.resize(from);
  if (sorter.check() && sorter.write_sorted(text)) return true;
  text.resize(from);
  text.append(copy);
  return false;
}

nlohmann::json parse_json_value(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                               /*allow_exceptions=*/false);
  if (!value.is_discarded()) return value;
  // JSON whose strings hold invalid UTF-8 (text another library wrote from a program's bytes):
  // nlohmann rejects it; the same text with each invalid byte replaced by U+FFFD is read instead.
  std::string repaired = valid_utf8(text);
  if (repaired.size() != text.size() || repaired != text) {
    value = nlohmann::json::parse(repaired, nullptr, /*allow_exceptions=*/false);
    if (!value.is_discarded()) return value;
  }
  return nlohmann::json(std::move(repaired));
}

std::string to_json_text(const nlohmann::json& value) {
  std::string out;
  write<true>(out, value);
  return out;
}

void append_valid_utf8(std::string& out, std::string_view bytes) {
  std::size_t i = 0;
  // Fast path: ASCII runs and well-formed sequences are appended in one piece.
  while (i < bytes.size()) {
    const std::size_t n = static_cast<unsigned char>(bytes[i]) < 0x80 ? 1 : utf8_sequence_length(bytes, i);
    if (n == 0) break;
    i += n;
  }
  out.append(bytes.data(), i);
  if (i == bytes.size()) return;
  out += valid_utf8(bytes.substr(i));
}

std::string valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) {
      out.append("\xef\xbf\xbd");  // U+FFFD
      ++i;
    } else {
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
  return out;
}

namespace {

bool is_lead_byte(char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }

// Where `text` is cut when it has more than `max` code points (before the "..."), or npos.
std::size_t truncation_point(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string_view::npos;  // never more code points than bytes
  std::size_t code_points = 0;
  for (char c : text) code_points += is_lead_byte(c);
  if (code_points <= max) return std::string_view::npos;
  std::size_t keep = max >= 3 ? max - 3 : 0;
  std::size_t end = 0, seen = 0;
  for (; end < text.size(); ++end) {
    if (is_lead_byte(text[end]) && seen++ == keep) break;
  }
  return end;
}

}  // namespace

std::string truncate_code_points(std::string_view text, std::size_t max) {
  const std::size_t end = truncation_point(text, max);
  if (end == std::string_view::npos) return std::string(text);
  return std::string(text.substr(0, end)) + "...";
}

void truncate_code_points_in_place(std::string& text, std::size_t from, std::size_t max) {
  const std::size_t end = truncation_point(std::string_view(text).substr(from), max);
  if (end == std::string_view::npos) return;
  text.resize(from + end);
  text.append("...");
}

}  // namespace detail
MLFLOW_END_NAMESPACE
