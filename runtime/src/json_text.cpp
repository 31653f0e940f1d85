// json_text.cpp: see json_text.h.
#include "json_text.h"

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

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// A JSON string as json.dumps(ensure_ascii=False) and nlohmann write it: '"' and '\\' escaped,
// \b \f \n \r \t, other control characters as \u00xx; everything else as is.
void write_string(std::string& out, std::string_view s) {
  if (!is_valid_utf8(s)) {  // rare: nlohmann's replacement of invalid bytes
    out.append(dump_scalar(nlohmann::json(std::string(s))));
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void write(std::string& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out.append(", ");
        first = false;
        write_string(out, it.key());
        out.append(": ");
        write(out, it.value());
      }
      out.push_back('}');
      break;
    }
    case nlohmann::json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value) {
        if (!first) out.append(", ");
        first = false;
        write(out, element);
      }
      out.push_back(']');
      break;
    }
    case nlohmann::json::value_t::string:
      write_string(out, value.get_ref<const std::string&>());
      break;
    case nlohmann::json::value_t::number_integer:
      out.append(std::to_string(value.get<std::int64_t>()));
      break;
    case nlohmann::json::value_t::number_unsigned:
      out.append(std::to_string(value.get<std::uint64_t>()));
      break;
    case nlohmann::json::value_t::boolean:
      out.append(value.get<bool>() ? "true" : "false");
      break;
    case nlohmann::json::value_t::null:
      out.append("null");
      break;
    default:  // floats (Python's repr spelling, NaN as null), binary, discarded
      out.append(dump_scalar(value));
  }
}

}  // namespace

void append_json_text(std::string& out, const nlohmann::json& value) { write(out, value); }

void append_json_string(std::string& out, std::string_view text) { write_string(out, text); }

std::string to_json_text(const nlohmann::json& value) {
  std::string out;
  write(out, value);
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
