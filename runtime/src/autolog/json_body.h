// json_body.h: reading the JSON text of request and response bodies, and the small lookups the
// providers share.
//
// Bodies are bytes from the network or from the program: they are read under the runtime's
// UTF-8 policy (invalid sequences become U+FFFD, support/json_text.h) so that one bad byte in a
// message does not turn a whole request into an opaque string. Lookups never throw on odd
// shapes: what does not fit is not found.
#ifndef MLFLOW_RUNTIME_AUTOLOG_JSON_BODY_H
#define MLFLOW_RUNTIME_AUTOLOG_JSON_BODY_H

#include <mlflow/version.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// The JSON value `text` holds (surrounding white space allowed), or false when it is not JSON.
bool parse_json(std::string_view text, nlohmann::json& out);

// The value of `text` as recorded: its JSON value, else the text itself as a string (valid
// UTF-8).
nlohmann::json json_or_text(std::string_view text);

// value[key] when `value` is an object that has it; nullptr otherwise.
const nlohmann::json* member(const nlohmann::json& value, std::string_view key) noexcept;
// The same when it is a string (non-empty when `non_empty`).
const std::string* string_member(const nlohmann::json& value, std::string_view key,
                                 bool non_empty = false) noexcept;
// The same when it is an integer (a whole number written as a float counts).
std::optional<std::int64_t> integer_member(const nlohmann::json& value,
                                           std::string_view key) noexcept;
// value[key] is true.
bool true_member(const nlohmann::json& value, std::string_view key) noexcept;

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_JSON_BODY_H
