// escaped_text.h: for the llama.cpp test programs, which print what the tiny test model
// generated: its random weights produce any bytes, which the tests read back as text.
#pragma once

#include <cstdio>
#include <string>

// The text with every byte outside printable ASCII, and the backslash, escaped (\xNN, \\).
inline std::string escaped(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char hex[8];
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c >= 0x7f) {
      std::snprintf(hex, sizeof(hex), "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}
