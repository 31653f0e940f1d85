// json_text.h: JSON text as MLflow's Python client writes it.
//
// MLflow stores every span attribute as JSON text made by Python's json.dumps (separators ", "
// and ": ", non-ASCII kept as is). Writing the same spelling keeps our traces byte-for-byte
// comparable with the Python client's, and previews identical. Text is always valid UTF-8:
// invalid bytes in C++ strings become U+FFFD instead of failing the whole trace.
#ifndef MLFLOW_RUNTIME_JSON_TEXT_H
#define MLFLOW_RUNTIME_JSON_TEXT_H

#include <mlflow/version.h>

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// json.dumps(value, ensure_ascii=False); NaN and infinities become null.
std::string to_json_text(const nlohmann::json& value);
// The same, appended to `out`.
void append_json_text(std::string& out, const nlohmann::json& value);
// A JSON string literal of `text`, quoted and escaped as json.dumps and nlohmann write it.
void append_json_string(std::string& out, std::string_view text);

// The bytes with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view bytes);
// The same, appended to `out` (no copy of its own when the bytes are valid, the usual case).
void append_valid_utf8(std::string& out, std::string_view bytes);

// Python's `s[:max - 3] + "..."` when s has more than `max` code points (s must be valid UTF-8).
std::string truncate_code_points(std::string_view text, std::size_t max);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_JSON_TEXT_H
