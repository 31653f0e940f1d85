// json_limits.cpp: see json_limits.h.
#include "support/json_limits.h"

#include <iterator>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Where a cut at `max_bytes` may fall: back to the start of the character it falls in
// (continuation bytes are 10xxxxxx), at most 3 bytes back. A string from a program may be
// invalid UTF-8 (a run of continuation bytes): walking back without that bound would go back to
// its start and keep nothing; the invalid bytes kept become U+FFFD when the text is written.
std::size_t cut_point(std::string_view text, std::size_t max_bytes) {
  std::size_t cut = max_bytes;
  for (int back = 0; back < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80;
       ++back) {
    --cut;
  }
  return cut;
}

void walk(nlohmann::json& value, const JsonLimits& limits, int depth) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      truncate_in_place(*value.get_ptr<std::string*>(), limits.max_string_bytes);
      return;
    case nlohmann::json::value_t::array: {
      if (depth > limits.max_depth) {
        value = std::string(kCutMarker);  // the subtree is freed without recursion (nlohmann)
        return;
      }
      auto& array = *value.get_ptr<nlohmann::json::array_t*>();
      const std::size_t original = array.size();
      if (original > limits.max_items) {
        array.erase(array.begin() + static_cast<std::ptrdiff_t>(limits.max_items), array.end());
      }
      for (auto& item : array) walk(item, limits, depth + 1);
      if (original > limits.max_items) array.emplace_back(items_marker(original));
      return;
    }
    case nlohmann::json::value_t::object: {
      if (depth > limits.max_depth) {
        value = std::string(kCutMarker);
        return;
      }
      auto& object = *value.get_ptr<nlohmann::json::object_t*>();
      const std::size_t original = object.size();
      if (original > limits.max_items) {
        object.erase(std::next(object.begin(), static_cast<std::ptrdiff_t>(limits.max_items)),
                     object.end());
      }
      for (auto& member : object) walk(member.second, limits, depth + 1);
      if (original > limits.max_items) object["..."] = members_marker(original);
      return;
    }
    default:
      return;
  }
}

}  // namespace

std::string truncation_marker(std::size_t original_bytes) {
  return "...[truncated, " + std::to_string(original_bytes) + " bytes]";
}

std::string items_marker(std::size_t original_items) {
  return "...[truncated, " + std::to_string(original_items) + " items]";
}

std::string members_marker(std::size_t original_members) {
  return "[truncated, " + std::to_string(original_members) + " members]";
}

bool truncate_in_place(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return false;
  const std::size_t original = text.size();
  text.resize(cut_point(text, max_bytes));
  text += truncation_marker(original);
  return true;
}

std::string truncate_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  // Only what is kept is copied (the text may be 100 MB).
  std::string out(text.substr(0, cut_point(text, max_bytes)));
  out += truncation_marker(text.size());
  return out;
}

void limit_json(nlohmann::json& value, const JsonLimits& limits) { walk(value, limits, 1); }

}  // namespace detail
MLFLOW_END_NAMESPACE
