// value_encoder_fuzzer.cpp: the runtime's JSON value encoding on any value.
//
// What a program gives a span becomes JSON text in three steps, all fuzzed here with arbitrary
// bytes as strings and object keys (invalid UTF-8, NUL, control characters), NaN and
// infinities, binary values and JSON text of any shape (fuzz_input.h):
//   * mlflow::capture() (<mlflow/capture.h>) of standard types holding those bytes;
//   * the JSON text writers of support/json_text.h: the string literal (what json_value.h's
//     json_string_text() returns), MLflow's spaced spelling and nlohmann's compact one, into a
//     std::string and into a TextBuffer;
//   * RecordedJson (core/recorded_json.h), the way the plugin's hooks build a function's inputs
//     member by member (names of any bytes, parameter-pack lists) and its output as text.
// Checks: every text is valid JSON and valid UTF-8 (parsed by nlohmann/json, which rejects
// invalid UTF-8, and checked by fuzz_input.h's own UTF-8 check); the compact text is byte for
// byte nlohmann's dump(error_handler_t::replace) of the same value, the spaced text parses to the
// same value; a valid UTF-8 string comes back unchanged; both buffers get the same bytes;
// truncate_code_points keeps valid UTF-8 and Python's length.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/capture.h>

#include "core/recorded_json.h"
#include "fuzz_input.h"
#include "support/json_text.h"

using mlflow_fuzz::FuzzInput;
using mlflow_fuzz::is_valid_utf8;
using mlflow_fuzz::parse_strictly;
using mlflow_fuzz::reference_dump;
using namespace mlflow::detail;

namespace {

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

void check_value(const nlohmann::json& value);

// A raw string through the string writers and the UTF-8 repair.
void check_string(const std::string& raw, std::size_t max_code_points) {
  std::string literal;
  append_json_string(literal, raw);
  TextBuffer buffer;
  append_json_string(buffer, raw);
  MLFLOW_FUZZ_CHECK(buffer.view() == literal, literal);
  const nlohmann::json parsed = parse_strictly(literal, "a JSON string literal does not parse");
  MLFLOW_FUZZ_CHECK(parsed.is_string(), literal);
  MLFLOW_FUZZ_CHECK(literal == reference_dump(nlohmann::json(raw)), literal);
  if (is_valid_utf8(raw)) MLFLOW_FUZZ_CHECK(parsed.get<std::string>() == raw, literal);

  const std::string repaired = valid_utf8(raw);
  MLFLOW_FUZZ_CHECK(is_valid_utf8(repaired), repaired);
  if (is_valid_utf8(raw)) MLFLOW_FUZZ_CHECK(repaired == raw, repaired);
  std::string appended = "prefix";
  append_valid_utf8(appended, raw);
  MLFLOW_FUZZ_CHECK(appended == "prefix" + repaired, appended);

  // Python's s[:max - 3] + "..." when s has more than max code points.
  const std::string cut = truncate_code_points(repaired, max_code_points);
  MLFLOW_FUZZ_CHECK(is_valid_utf8(cut), cut);
  if (code_points(repaired) <= max_code_points) {
    MLFLOW_FUZZ_CHECK(cut == repaired, cut);
  } else {
    MLFLOW_FUZZ_CHECK(code_points(cut) == (max_code_points >= 3 ? max_code_points : 3), cut);
  }
  // Text the program's nlohmann/json wrote, read back; anything else is kept as a string.
  check_value(parse_json_value(raw));

  std::string in_place = "kept" + repaired;
  truncate_code_points_in_place(in_place, 4, max_code_points);
  MLFLOW_FUZZ_CHECK(in_place == "kept" + cut, in_place);
}

// A JSON value through both spellings, into both buffers.
void check_value(const nlohmann::json& value) {
  const std::string spaced = to_json_text(value);
  std::string compact;
  append_compact_json(compact, value);
  TextBuffer spaced_buffer, compact_buffer;
  append_json_text(spaced_buffer, value);
  append_compact_json(compact_buffer, value);
  MLFLOW_FUZZ_CHECK(spaced_buffer.view() == spaced, spaced);
  MLFLOW_FUZZ_CHECK(compact_buffer.view() == compact, compact);

  const std::string reference = reference_dump(value);
  MLFLOW_FUZZ_CHECK(compact == reference, compact + "\n  nlohmann: " + reference);
  const nlohmann::json expected = parse_strictly(reference, "nlohmann's own dump does not parse");
  MLFLOW_FUZZ_CHECK(parse_strictly(spaced, "the spaced JSON text does not parse") == expected, spaced);

  // parse_json_value reads text written by the program's nlohmann/json back, keeping text that
  // is not JSON as a string of itself.
  MLFLOW_FUZZ_CHECK(parse_json_value(compact) == expected, compact);
}

// mlflow::capture() of standard types holding the input's bytes.
void check_captures(FuzzInput& in) {
  std::map<std::string, std::vector<std::string>> map;
  for (int n = in.byte() % 4; n > 0; --n) {
    auto& list = map[in.bytes()];
    for (int k = in.byte() % 4; k > 0; --k) list.push_back(in.bytes());
  }
  check_value(mlflow::capture(map));
  const std::string text = in.bytes();
  check_value(mlflow::capture(text));
  check_value(mlflow::capture(text.c_str()));  // up to the first NUL
  check_value(mlflow::capture(std::string_view(text)));
  check_value(mlflow::capture(std::optional<std::string>(in.bytes())));
  std::variant<std::string, double> variant;
  if (in.byte() % 2 == 0) {
    variant = in.bytes();
  } else {
    variant = static_cast<double>(static_cast<std::int64_t>(in.u64()));
  }
  check_value(mlflow::capture(variant));
  std::pair<std::string, std::int64_t> pair;
  pair.first = in.bytes();
  pair.second = static_cast<std::int64_t>(in.u64());
  check_value(mlflow::capture(pair));
  check_value(mlflow::capture(in.json()));  // a JSON value captured as itself
}

// A RecordedJson built the way the plugin's hooks build one: inputs member by member (text
// appended to the member, parameter packs as lists) or an output's text.
void check_recorded(FuzzInput& in) {
  std::deque<std::string> names;  // the hooks' names are literals that outlive the record
  RecordedJson recorded;
  for (int n = in.byte() % 6; n > 0; --n) {
    const std::uint8_t op = in.byte();
    const nlohmann::json value = in.json();
    switch (op % 4) {
      case 0:
        append_json_text(recorded.object_member(names.emplace_back(in.bytes()).c_str()), value);
        break;
      case 1: {  // a pack: consecutive elements under one name make one list
        const char* name = names.emplace_back(in.bytes()).c_str();
        for (int k = 1 + op / 4 % 3; k > 0; --k) append_json_text(recorded.list_element(name), value);
        break;
      }
      case 2: {
        const char* name = names.emplace_back(in.bytes()).c_str();
        append_json_string(recorded.object_member(name), in.bytes());
        break;
      }
      default:
        append_json_text(recorded.value_text(value.type()), value);
        break;
    }
  }
  const std::string text = recorded.text();
  if (text.empty()) return;  // nothing recorded
  const nlohmann::json parsed = parse_strictly(text, "a recorded value's text does not parse");
  MLFLOW_FUZZ_CHECK(recorded.tree() == parsed, text);
  std::string appended;
  recorded.append_text(appended);
  MLFLOW_FUZZ_CHECK(appended == text, appended);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const std::size_t max_code_points = in.byte();
  check_string(in.bytes(), max_code_points);
  check_value(in.json());
  check_captures(in);
  check_recorded(in);
  return 0;
}
