// json_text.cpp: see json_text.h.
#include "json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

std::string dump_scalar(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write(std::string& out, const nlohmann::json& value) {
  if (value.is_object()) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first) out.append(", ");
      first = false;
      out.append(dump_scalar(nlohmann::json(key)));
      out.append(": ");
      write(out, member);
    }
    out.push_back('}');
  } else if (value.is_array()) {
    out.push_back('[');
    bool first = true;
    for (const auto& element : value) {
      if (!first) out.append(", ");
      first = false;
      write(out, element);
    }
    out.push_back(']');
  } else {
    out.append(dump_scalar(value));
  }
}

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

}  // namespace

std::string to_json_text(const nlohmann::json& value) {
  std::string out;
  write(out, value);
  return out;
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

std::string truncate_code_points(std::string_view text, std::size_t max) {
  auto is_lead = [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; };
  std::size_t code_points = 0;
  for (char c : text) code_points += is_lead(c);
  if (code_points <= max) return std::string(text);
  std::size_t keep = max >= 3 ? max - 3 : 0;
  std::size_t end = 0, seen = 0;
  for (; end < text.size(); ++end) {
    if (is_lead(text[end]) && seen++ == keep) break;
  }
  return std::string(text.substr(0, end)) + "...";
}

}  // namespace detail
MLFLOW_END_NAMESPACE
