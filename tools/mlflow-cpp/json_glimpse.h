// json_glimpse.h: the beginning of a JSON value's compact text, for a one-line preview.
//
// Unlike nlohmann's dump(), it stops writing once it has enough, so a large value costs only
// what is shown, and a deeply nested one (which dump() would recurse through, one stack frame
// per level) cannot exhaust the stack: every level writes a character, so the depth reached is
// bounded by the length asked for.
#ifndef MLFLOW_CPP_CLI_JSON_GLIMPSE_H
#define MLFLOW_CPP_CLI_JSON_GLIMPSE_H

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace mlflow::cli {

// `value` as compact JSON ({"x":1,"y":[true,null]}, keys in the value's order) when that has at
// most `max_chars` characters; otherwise its first max_chars - 1 characters and "…". Inside
// strings every control character, DEL and U+0080-U+009F included, is escaped, so the text is
// safe to print on a terminal.
std::string json_glimpse(const nlohmann::json& value, std::size_t max_chars);
std::string json_glimpse(const nlohmann::ordered_json& value, std::size_t max_chars);

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_JSON_GLIMPSE_H
