// json_limits.h: the bounds on one recorded JSON value, and the markers that say what was cut.
//
// A traced function's arguments and result, and the values given to span.set_inputs() and
// set_outputs(), may be anything the program holds: a 100 MB string, a vector of millions of
// elements, a JSON document nested 100000 levels deep. A trace is kept in memory until it is
// exported, MLflow stores each span's attributes as one row, and the JSON writers here recurse;
// so such a value is recorded cut down (docs/capture.md, "Limits"):
//
//   * a string longer than max_string_bytes keeps its first bytes up to the limit, cut at a UTF-8
//     character boundary, followed by "...[truncated, N bytes]", N its original size (the
//     autolog's spelling: autolog/value_limit.h uses the same functions);
//   * an array with more than max_items elements keeps the first max_items and ends with the
//     string "...[truncated, N items]", N its original count; an object keeps its first
//     max_items members (in key order) and gets the member "...": "[truncated, N members]";
//   * an array or object more than max_depth levels down becomes "<...>", capture()'s marker
//     for what its own depth limit cut (mlflow/capture.h), so that no recursive walk of the
//     value can exhaust the stack.
#ifndef MLFLOW_RUNTIME_JSON_LIMITS_H
#define MLFLOW_RUNTIME_JSON_LIMITS_H

#include <mlflow/version.h>

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct JsonLimits {
  std::size_t max_string_bytes = 65536;
  std::size_t max_items = 10000;
  int max_depth = 128;
};

// "<...>": what a depth (or cycle) limit left out.
inline constexpr std::string_view kCutMarker = "<...>";

// "...[truncated, N bytes]", N the original size in bytes.
std::string truncation_marker(std::size_t original_bytes);
// `text` cut to at most `max_bytes` bytes at a UTF-8 boundary, with the marker, when longer.
std::string truncate_text(std::string_view text, std::size_t max_bytes);
// The same in place; returns whether it was cut.
bool truncate_in_place(std::string& text, std::size_t max_bytes);
// "...[truncated, N items]", the last element of an array cut from N elements.
std::string items_marker(std::size_t original_items);
// "[truncated, N members]", the value of the member "..." of an object cut from N members.
std::string members_marker(std::size_t original_members);

// Applies the limits to `value`, in place (see above). Recurses at most max_depth levels.
void limit_json(nlohmann::json& value, const JsonLimits& limits);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_JSON_LIMITS_H
