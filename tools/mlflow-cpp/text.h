// text.h: making stored text fit for a terminal line: safe, and short where asked.
//
// Trace data is written by the traced program and may hold anything, including newlines and
// escape sequences that would break the one-line-per-span layout or drive the terminal.
#ifndef MLFLOW_CPP_CLI_TEXT_H
#define MLFLOW_CPP_CLI_TEXT_H

#include <cstddef>
#include <string>
#include <string_view>

namespace mlflow::cli {

// `text` with control characters (C0, DEL, and C1 U+0080-U+009F) escaped as JSON escapes them
// ("\n", "\t", "\u001b"), and bytes that are not UTF-8 replaced by U+FFFD.
std::string printable(std::string_view text);

// `text` when it has at most `max_chars` characters (code points); otherwise its beginning
// followed by "…", `max_chars` characters in all. Never splits a UTF-8 sequence.
std::string truncate(std::string_view text, std::size_t max_chars);

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_TEXT_H
