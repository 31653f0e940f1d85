// traceparent.cpp: see traceparent.h.
#include "propagation/traceparent.h"

#include <cstddef>
#include <cstdint>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// The version 00 layout: "vv-" trace id "-" parent id "-" flags.
constexpr std::size_t kVersionAt = 0, kTraceIdAt = 3, kParentIdAt = 36, kFlagsAt = 53;
constexpr std::size_t kVersion00Size = 55;

// Up to 16 lower-case hex digits (the spec allows no upper case).
bool read_hex(std::string_view digits, std::uint64_t& out) noexcept {
  std::uint64_t v = 0;
  for (char c : digits) {
    unsigned digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else {
      return false;
    }
    v = (v << 4) | digit;
  }
  out = v;
  return true;
}

std::string_view trim_optional_whitespace(std::string_view value) noexcept {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

}  // namespace

std::string format_traceparent(const TraceParent& parent) {
  std::string out;
  out.reserve(kVersion00Size);
  out += "00-";
  out += to_hex(parent.trace_id);
  out += '-';
  out += to_hex(parent.parent_span_id);
  out += parent.sampled ? "-01" : "-00";
  return out;
}

std::optional<TraceParent> parse_traceparent(std::string_view value) noexcept {
  value = trim_optional_whitespace(value);
  if (value.size() < kVersion00Size) return std::nullopt;
  for (std::size_t dash : {kTraceIdAt - 1, kParentIdAt - 1, kFlagsAt - 1})
    if (value[dash] != '-') return std::nullopt;

  std::uint64_t version = 0;
  if (!read_hex(value.substr(kVersionAt, 2), version) || version == 0xff) return std::nullopt;
  if (version == 0) {
    if (value.size() != kVersion00Size) return std::nullopt;
  } else if (value.size() > kVersion00Size && value[kVersion00Size] != '-') {
    // A later version may append fields, always after a '-'.
    return std::nullopt;
  }

  TraceParent parent;
  std::uint64_t flags = 0;
  if (!read_hex(value.substr(kTraceIdAt, 16), parent.trace_id.high) ||
      !read_hex(value.substr(kTraceIdAt + 16, 16), parent.trace_id.low) ||
      !read_hex(value.substr(kParentIdAt, 16), parent.parent_span_id) ||
      !read_hex(value.substr(kFlagsAt, 2), flags))
    return std::nullopt;
  if (parent.trace_id == TraceId{} || parent.parent_span_id == 0) return std::nullopt;
  parent.sampled = (flags & 0x01) != 0;  // the other flag bits do not concern us
  return parent;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
