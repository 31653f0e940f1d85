// text.cpp: see text.h.
#include "text.h"

#include <cstdint>
#include <cstdio>

namespace mlflow::cli {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026 "…"

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at the start of `text` and its code point, or
// length 0 when there is none (a stray continuation byte, a truncated or overlong sequence, a
// surrogate, a value above U+10FFFF).
std::size_t decode_utf8(std::string_view text, std::uint32_t* code_point) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length;
  std::uint32_t value;
  std::uint32_t minimum;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (!is_continuation(byte)) return 0;
    value = (value << 6) | (byte & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return length;
}

void append_escaped(std::string& out, std::uint32_t code_point) {
  switch (code_point) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  char escape[8];
  std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(code_point));
  out += escape;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    std::uint32_t code_point = 0;
    const std::size_t length = decode_utf8(text, &code_point);
    if (length == 0) {
      out += kReplacement;
      text.remove_prefix(1);
      continue;
    }
    if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) {
      append_escaped(out, code_point);
    } else {
      out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  return out;
}

std::string truncate(std::string_view text, std::size_t max_chars) {
  // Count characters by their first bytes; remember where the one that leaves room for "…" ends.
  std::size_t chars = 0;
  std::size_t cut = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(text[i]))) continue;
    if (chars + 1 == max_chars) cut = i;
    if (++chars > max_chars) {
      std::string out(text.substr(0, max_chars == 0 ? 0 : cut));
      if (max_chars > 0) out += kEllipsis;
      return out;
    }
  }
  return std::string(text);
}

}  // namespace mlflow::cli
