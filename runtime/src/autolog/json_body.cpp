// json_body.cpp: see json_body.h.
#include "autolog/json_body.h"

#include <cmath>

#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
bool parse_json(std::string_view text, nlohmann::json& out) {
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                               /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    // nlohmann rejects invalid UTF-8 inside strings: repair it (U+FFFD) and try once more.
    // Valid text, the usual case, is parsed once and never copied.
    std::string repaired = valid_utf8(text);
    if (repaired == text) return false;
    value = nlohmann::json::parse(repaired.begin(), repaired.end(), nullptr, false);
    if (value.is_discarded()) return false;
  }
  out = std::move(value);
  return true;
}

nlohmann::json json_or_text(std::string_view text) {
  nlohmann::json value;
  if (parse_json(text, value)) return value;
  return nlohmann::json(valid_utf8(text));
}

const nlohmann::json* member(const nlohmann::json& value, std::string_view key) noexcept {
  if (!value.is_object()) return nullptr;
  const auto it = value.find(key);
  return it == value.end() ? nullptr : &*it;
}

const std::string* string_member(const nlohmann::json& value, std::string_view key,
                                 bool non_empty) noexcept {
  const nlohmann::json* m = member(value, key);
  if (m == nullptr || !m->is_string()) return nullptr;
  const std::string* s = m->get_ptr<const std::string*>();
  return (non_empty && s->empty()) ? nullptr : s;
}

std::optional<std::int64_t> integer_member(const nlohmann::json& value,
                                           std::string_view key) noexcept {
  const nlohmann::json* m = member(value, key);
  if (m == nullptr) return std::nullopt;
  if (m->is_number_integer()) return m->get<std::int64_t>();
  if (m->is_number_unsigned()) return static_cast<std::int64_t>(m->get<std::uint64_t>());
  if (m->is_number_float()) {
    const double d = m->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

bool true_member(const nlohmann::json& value, std::string_view key) noexcept {
  const nlohmann::json* m = member(value, key);
  return m != nullptr && m->is_boolean() && m->get<bool>();
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
