// value_limit.cpp: see value_limit.h.
#include "autolog/value_limit.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

void walk(nlohmann::json& value, std::size_t max_bytes, int depth) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      truncate_in_place(*value.get_ptr<std::string*>(), max_bytes);
      return;
    case nlohmann::json::value_t::object:
    case nlohmann::json::value_t::array:
      if (depth >= kMaxDepth) {
        value = "[nested too deeply]";
        return;
      }
      break;
    default:
      return;
  }
  for (auto& item : value) walk(item, max_bytes, depth + 1);  // an object's values, an array's items
}

}  // namespace

std::string truncation_marker(std::size_t original_bytes) {
  return "...[truncated, " + std::to_string(original_bytes) + " bytes]";
}

bool truncate_in_place(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return false;
  const std::size_t original = text.size();
  std::size_t cut = max_bytes;
  // Back to the start of the character the cut falls in (continuation bytes are 10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += truncation_marker(original);
  return true;
}

std::string truncate_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::string out(text.substr(0, max_bytes + 1));  // one more byte: the boundary test reads it
  const std::size_t original = text.size();
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  out += truncation_marker(original);
  return out;
}

void make_recordable(nlohmann::json& value, std::size_t max_value_bytes) {
  walk(value, max_value_bytes, 0);
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
