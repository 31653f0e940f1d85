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

void make_recordable(nlohmann::json& value, std::size_t max_value_bytes) {
  walk(value, max_value_bytes, 0);
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
