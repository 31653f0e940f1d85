// id_text.cpp: see id_text.h.
#include "format/id_text.h"

#include <optional>
#include <stdexcept>

#include "support/base64.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

}  // namespace

void append_hex_word(TextBuffer& out, std::uint64_t v) {
  char* const p = out.room(16);
  for (int i = 0; i < 16; ++i) p[i] = kHexDigits[(v >> (60 - 4 * i)) & 0xf];
  out.commit_to(p + 16);
}

void append_quoted_base64_words(TextBuffer& out, std::initializer_list<std::uint64_t> words) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  unsigned char bytes[16];
  std::size_t n = 0;
  for (std::uint64_t word : words)
    for (int shift = 56; shift >= 0; shift -= 8) bytes[n++] = static_cast<unsigned char>(word >> shift);
  char* const text = out.room(2 + 24);
  std::size_t length = 0;
  text[length++] = '"';
  for (std::size_t i = 0; i < n; i += 3) {
    std::uint32_t chunk = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (i + 1 < n) chunk |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    if (i + 2 < n) chunk |= bytes[i + 2];
    text[length++] = kAlphabet[(chunk >> 18) & 63];
    text[length++] = kAlphabet[(chunk >> 12) & 63];
    text[length++] = i + 1 < n ? kAlphabet[(chunk >> 6) & 63] : '=';
    text[length++] = i + 2 < n ? kAlphabet[chunk & 63] : '=';
  }
  text[length++] = '"';
  out.commit_to(text + length);
}

std::string id_bytes_from_base64(const nlohmann::json& value, std::size_t size, const char* what) {
  std::optional<std::string> bytes;
  if (value.is_string()) bytes = base64_decode(value.get<std::string>());
  if (!bytes || bytes->size() != size)
    throw std::runtime_error(std::string("malformed ") + what + ": " + value.dump());
  return *bytes;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
