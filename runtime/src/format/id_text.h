// id_text.h: trace and span ids spelled in the JSON shapes, both ways: the line writer's
// allocation-free hex and base64 spellers, and the parser's base64 reader.
#ifndef MLFLOW_RUNTIME_ID_TEXT_H
#define MLFLOW_RUNTIME_ID_TEXT_H

#include <mlflow/version.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The 16 lowercase hex digits of `v`.
void append_hex_word(TextBuffer& out, std::uint64_t v);
// `"` + base64 of the big-endian bytes of `words` + `"`, as to_base64 (core/ids.h) spells ids.
void append_quoted_base64_words(TextBuffer& out, std::initializer_list<std::uint64_t> words);

// (Bytes read as one big-endian number: big_endian_word, core/ids.h.)
// An id written by span_to_dict: base64 of `size` big-endian bytes. Throws std::runtime_error
// naming `what` when it is not.
std::string id_bytes_from_base64(const nlohmann::json& value, std::size_t size, const char* what);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_ID_TEXT_H
