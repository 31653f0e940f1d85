// json_glimpse.cpp: see json_glimpse.h.
#include "json_glimpse.h"

#include <cstdio>

#include "text.h"

namespace mlflow::cli {
namespace {

// Writes compact JSON until more than `budget` bytes are out. The budget holds more than
// max_chars characters even when all are 4-byte UTF-8, so truncate() has enough to cut from.
template <typename Json>
class GlimpseWriter {
 public:
  explicit GlimpseWriter(std::size_t max_chars) : budget_(4 * max_chars + 4) {}

  void value(const Json& value) {
    if (full()) return;
    switch (value.type()) {
      case nlohmann::json::value_t::object: {
        out_ += '{';
        bool first = true;
        for (auto it = value.begin(); it != value.end() && !full(); ++it) {
          if (!first) out_ += ',';
          first = false;
          string(it.key());
          out_ += ':';
          this->value(it.value());
        }
        out_ += '}';
        return;
      }
      case nlohmann::json::value_t::array: {
        out_ += '[';
        bool first = true;
        for (auto it = value.begin(); it != value.end() && !full(); ++it) {
          if (!first) out_ += ',';
          first = false;
          this->value(*it);
        }
        out_ += ']';
        return;
      }
      case nlohmann::json::value_t::string:
        string(value.template get_ref<const std::string&>());
        return;
      default:
        // A number, true/false or null: short, and written as dump() writes it (0.1, 1e+300).
        out_ += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
  }

  std::string take() && { return std::move(out_); }

 private:
  bool full() const { return out_.size() > budget_; }

  // A JSON string, escaped as dump() escapes it, and also DEL and the C1 controls (U+0080 to
  // U+009F, which some terminals act on), which JSON allows to escape.
  void string(const std::string& text) {
    out_ += '"';
    for (std::size_t i = 0; i < text.size() && !full(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      switch (c) {
        case '"':
          out_ += "\\\"";
          continue;
        case '\\':
          out_ += "\\\\";
          continue;
        case '\b':
          out_ += "\\b";
          continue;
        case '\f':
          out_ += "\\f";
          continue;
        case '\n':
          out_ += "\\n";
          continue;
        case '\r':
          out_ += "\\r";
          continue;
        case '\t':
          out_ += "\\t";
          continue;
        default:
          break;
      }
      const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                      static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                      static_cast<unsigned char>(text[i + 1]) <= 0x9F;
      if (c < 0x20 || c == 0x7F || c1) {
        const unsigned code = c1 ? static_cast<unsigned char>(text[++i]) : c;
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", code);
        out_ += escape;
      } else {
        out_ += static_cast<char>(c);
      }
    }
    out_ += '"';
  }

  std::size_t budget_;
  std::string out_;
};

template <typename Json>
std::string glimpse(const Json& value, std::size_t max_chars) {
  GlimpseWriter<Json> writer(max_chars);
  writer.value(value);
  // Text cut at the byte budget may end inside a UTF-8 sequence; truncate() cuts well before.
  return truncate(std::move(writer).take(), max_chars);
}

}  // namespace

std::string json_glimpse(const nlohmann::json& value, std::size_t max_chars) {
  return glimpse(value, max_chars);
}

std::string json_glimpse(const nlohmann::ordered_json& value, std::size_t max_chars) {
  return glimpse(value, max_chars);
}

}  // namespace mlflow::cli
