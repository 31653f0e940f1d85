// traceparent_fuzzer.cpp: the W3C traceparent parser (propagation/traceparent.h) on any header
// value, and the writer's values read back.
//
// The input is the header value, as a caller would send it. Checks, from the specification
// rather than from the parser's code: a value the parser accepts is, once the optional
// whitespace (spaces, tabs) is trimmed, at least 55 characters of the version-00 layout
// "vv-<32 hex>-<16 hex>-ff" in lower-case hex, its version is not ff, a version-00 value is
// exactly 55 characters and a later version's extra fields start with '-', neither id is all
// zeros, and writing the parsed fields back gives the same ids and the sampled flag of bit 0.
// Then the input's first 25 bytes as ids and a flag: the written header parses back to them,
// padded with whitespace too, and the same header with an upper-case hex digit is refused.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_input.h"
#include "propagation/traceparent.h"

using mlflow_fuzz::FuzzInput;
using namespace mlflow::detail;

namespace {

bool is_lower_hex(std::string_view digits) {
  for (char c : digits)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string_view trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

void check_accepted(std::string_view input, const TraceParent& parent) {
  const std::string_view value = trimmed(input);
  const std::string detail(input);
  MLFLOW_FUZZ_CHECK(value.size() >= 55, detail);
  MLFLOW_FUZZ_CHECK(value[2] == '-' && value[35] == '-' && value[52] == '-', detail);
  MLFLOW_FUZZ_CHECK(is_lower_hex(value.substr(0, 2)) && value.substr(0, 2) != "ff", detail);
  MLFLOW_FUZZ_CHECK(is_lower_hex(value.substr(3, 32)) && is_lower_hex(value.substr(36, 16)) &&
                        is_lower_hex(value.substr(53, 2)),
                    detail);
  if (value.substr(0, 2) == "00") {
    MLFLOW_FUZZ_CHECK(value.size() == 55, detail);
  } else if (value.size() > 55) {
    MLFLOW_FUZZ_CHECK(value[55] == '-', detail);
  }
  MLFLOW_FUZZ_CHECK(value.substr(3, 32) != std::string(32, '0'), detail);
  MLFLOW_FUZZ_CHECK(value.substr(36, 16) != std::string(16, '0'), detail);

  const std::string written = format_traceparent(parent);
  MLFLOW_FUZZ_CHECK(written.size() == 55 && written.substr(0, 3) == "00-", written);
  MLFLOW_FUZZ_CHECK(written.substr(3, 49) == value.substr(3, 49), written + " from " + detail);
  const int flags = std::stoi(std::string(value.substr(53, 2)), nullptr, 16);
  MLFLOW_FUZZ_CHECK(parent.sampled == ((flags & 1) != 0), detail);
  MLFLOW_FUZZ_CHECK(written.substr(52) == (parent.sampled ? "-01" : "-00"), written);
}

void check_round_trip(FuzzInput& in) {
  TraceParent parent;
  parent.trace_id.high = in.u64();
  parent.trace_id.low = in.u64();
  parent.parent_span_id = in.u64();
  parent.sampled = (in.byte() & 1) != 0;
  const std::string header = format_traceparent(parent);
  const auto parsed = parse_traceparent(header);
  if (parent.trace_id == TraceId{} || parent.parent_span_id == 0) {
    MLFLOW_FUZZ_CHECK(!parsed, header);  // an all-zero id is invalid
    return;
  }
  MLFLOW_FUZZ_CHECK(parsed && parsed->trace_id == parent.trace_id &&
                        parsed->parent_span_id == parent.parent_span_id &&
                        parsed->sampled == parent.sampled,
                    header);
  MLFLOW_FUZZ_CHECK(parse_traceparent(" \t" + header + "\t ").has_value(), header);
  for (std::size_t i = 3; i < header.size(); ++i) {
    if (header[i] >= 'a' && header[i] <= 'f') {
      std::string upper = header;
      upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
      MLFLOW_FUZZ_CHECK(!parse_traceparent(upper), upper);
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (const auto parent = parse_traceparent(input)) check_accepted(input, *parent);
  FuzzInput in(data, size);
  check_round_trip(in);
  return 0;
}
