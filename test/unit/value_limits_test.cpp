// value_limits_test.cpp: captured inputs and outputs survive bad input (issue 15, "Bad input"):
// a 100 MB string, millions of elements, a document nested 100000 levels deep, invalid UTF-8,
// NaN and infinities, a throwing to_json. Each is recorded, through each way a value reaches a
// span (the plugin's library captures, its template captures, span.set_inputs/set_outputs, and
// JSON text given as is), as valid JSON within the limits (support/json_limits.h), and the
// stored trace reads back.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <mlflow/detail/function_span.h>

#include "core/span_record.h"
#include "support/json_limits.h"
#include "test_support.h"

struct ThrowsOnCapture {};
void to_json(nlohmann::json&, const ThrowsOnCapture&) { throw std::runtime_error("no JSON for you"); }

namespace mlflow::detail {
namespace {

using nlohmann::json;

constexpr FunctionSite kSite{"f", "TOOL", "f", "app::f", "f.cpp", 1, /*annotated=*/true};
constexpr std::size_t k100MB = std::size_t{100} << 20;

// ---- The limits themselves ---------------------------------------------------------------------

TEST(JsonLimits, StringsAreCutAtACharacterBoundaryWithTheOriginalSize) {
  JsonLimits limits;
  limits.max_string_bytes = 4;
  json value = {"abcdef", "ab\xc3\xa9", "abc\xc3\xa9", "abcd"};
  limit_json(value, limits);
  EXPECT_EQ(value, (json{"abcd...[truncated, 6 bytes]", "ab\xc3\xa9", "abc...[truncated, 5 bytes]",
                         "abcd"}));
}

// A cut inside invalid UTF-8 (a run of continuation bytes) walks back at most 3 bytes: it keeps
// what it can instead of walking back to the start.
TEST(JsonLimits, CutInsideInvalidUtf8KeepsTheBytesUpToTheLimit) {
  EXPECT_EQ(truncate_text(std::string(100, '\x80'), 10), std::string(7, '\x80') + "...[truncated, 100 bytes]");
}

TEST(JsonLimits, ArraysAndObjectsKeepTheirFirstItemsAndSayHowManyThereWere) {
  JsonLimits limits;
  limits.max_items = 3;
  json value = {{"list", {1, 2, 3, 4, 5}},
                {"map", {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}},
                {"small", {1, 2, 3}}};
  limit_json(value, limits);
  EXPECT_EQ(value, json::parse(R"({"list": [1, 2, 3, "...[truncated, 5 items]"],
      "map": {"a": 1, "b": 2, "c": 3, "...": "[truncated, 4 members]"}, "small": [1, 2, 3]})"));
}

TEST(JsonLimits, DeepNestingIsCutWithoutRecursingIntoIt) {
  JsonLimits limits;
  limits.max_depth = 3;
  json value = json::parse("[[[[[1]]]], {\"a\": {\"b\": {\"c\": 1}}}, 7]");
  limit_json(value, limits);
  EXPECT_EQ(value, json::parse(R"([[["<...>"]], {"a": {"b": "<...>"}}, 7])"));
}

// ---- Recorded through each path ----------------------------------------------------------------

class RecordedValueTest : public mlflow::testing::TracingTest {
 protected:
  // The text recorded for `value` captured as the plugin's generated code captures it.
  template <class T>
  std::string captured_text(const T& value) {
    FunctionSpan span(kSite);
    EXPECT_TRUE(span.recording());
    capture_value<true>(span, CaptureTarget::kOutput, nullptr, value);
    return span.record()->outputs.text();
  }

  // The span named "manual" in the stored traces (each captured_text() makes a trace too).
  json manual_span() {
    for (const json& trace : stored_traces())
      for (const json& span : trace["data"]["spans"])
        if (span["name"] == "manual") return span;
    ADD_FAILURE() << "no span named manual";
    return json{{"attributes", json::object()}};
  }
};

// Small limits, to see them at work.
class ValueLimitsTest : public RecordedValueTest {
 protected:
  void configure(Config& config) override {
    config.max_value_bytes = 16;
    config.max_value_items = 3;
  }
};

TEST_F(ValueLimitsTest, A100MBStringIsCutAtTheLimit) {
  const std::string huge(k100MB, 'x');
  const std::string expected = "\"xxxxxxxxxxxxxxxx...[truncated, 104857600 bytes]\"";
  EXPECT_EQ(captured_text(huge), expected);                               // library capture
  EXPECT_EQ(captured_text(std::optional<std::string>(huge)), expected);  // template capture
  EXPECT_EQ(captured_text(std::vector<std::string>{huge}), "[" + expected + "]");
  {
    mlflow::Span span = mlflow::start_span("manual");
    span.set_inputs({{"text", huge}});
    span.set_outputs(huge);
  }
  const json span = manual_span();
  EXPECT_EQ(span["attributes"]["mlflow.spanOutputs"], expected);
  EXPECT_EQ(span["attributes"]["mlflow.spanInputs"], "{\"text\": " + expected + "}");
}

TEST_F(ValueLimitsTest, MillionsOfElementsAreCutAtTheLimit) {
  const std::vector<int> ints(5'000'000, 7);
  EXPECT_EQ(captured_text(ints), "[7, 7, 7, \"...[truncated, 5000000 items]\"]");
  const std::vector<long> longs(2'000'000, 7);  // captured by the template and nlohmann
  EXPECT_EQ(captured_text(longs), "[7, 7, 7, \"...[truncated, 2000000 items]\"]");
  std::map<std::string, int> map;
  for (int i = 0; i < 1'000'000; ++i) map["k" + std::to_string(i)] = i;
  map["!first"] = -1;  // sorts before the marker member "..."
  EXPECT_EQ(captured_text(map),
            "{\"!first\": -1, \"...\": \"[truncated, 1000001 members]\", \"k0\": 0, \"k1\": 1}");
  // The library's capture cuts as the runtime cuts a captured JSON value.
  EXPECT_EQ(captured_text(map), captured_text(std::optional<std::map<std::string, int>>(map)));
}

TEST_F(ValueLimitsTest, DeepJsonTextIsCutAndTheTraceIsStored) {
  constexpr int kLevels = 100000;
  const std::string deep = std::string(kLevels, '[') + std::string(kLevels, ']');
  {
    mlflow::Span span = mlflow::start_span("manual");
    span.set_inputs_json(deep);                  // text given as is: the runtime's bound
    span.set_outputs(json::parse(deep));         // a value: capture's bound
  }
  const json span = manual_span();
  const std::string inputs = span["attributes"]["mlflow.spanInputs"];
  const std::string outputs = span["attributes"]["mlflow.spanOutputs"];
  EXPECT_EQ(inputs, std::string(JsonLimits{}.max_depth, '[') + "\"<...>\"" +
                        std::string(JsonLimits{}.max_depth, ']'));
  EXPECT_EQ(outputs, std::string(mlflow::kMaxCaptureDepth, '[') + "\"<...>\"" +
                         std::string(mlflow::kMaxCaptureDepth, ']'));
}

// Invalid UTF-8 in strings and in keys, through each path: valid JSON, U+FFFD for each bad byte.
TEST_F(RecordedValueTest, InvalidUtf8IsRecordedAsValidJson) {
  const std::string bad = "a\xff\xc3";
  const std::string replaced = "\"a\xEF\xBF\xBD\xEF\xBF\xBD\"";
  EXPECT_EQ(captured_text(bad), replaced);
  EXPECT_EQ(captured_text(std::map<std::string, std::string>{{bad, bad}}),
            "{" + replaced + ": " + replaced + "}");
  EXPECT_EQ(captured_text(std::map<std::string, long>{{bad, 1}}), "{" + replaced + ": 1}");
  {
    mlflow::Span span = mlflow::start_span("manual");
    span.set_inputs(std::map<std::string, std::optional<std::string>>{{bad, bad}});
    span.set_outputs_json("\"a\xff\xc3\"");  // text as is, invalid too
  }
  const json span = manual_span();  // parsed: valid JSON
  EXPECT_EQ(span["attributes"]["mlflow.spanInputs"], "{" + replaced + ": " + replaced + "}");
  EXPECT_EQ(span["attributes"]["mlflow.spanOutputs"], replaced);
}

// NaN and infinities are not JSON (RFC 8259); MLflow's Python SDK writes them as NaN and
// Infinity (json.dumps), which JavaScript's JSON.parse (the UI) and nlohmann reject. null.
TEST_F(RecordedValueTest, NanAndInfinitiesAreNull) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(captured_text(nan), "null");
  EXPECT_EQ(captured_text(std::vector<double>{nan, inf, -inf, 1.5}), "[null, null, null, 1.5]");
  EXPECT_EQ(captured_text(std::optional<double>(-inf)), "null");
  {
    mlflow::Span span = mlflow::start_span("manual");
    span.set_inputs({{"x", nan}, {"y", std::vector<float>{std::nanf(""), 2.0f}}});
  }
  const json span = manual_span();
  EXPECT_EQ(span["attributes"]["mlflow.spanInputs"], "{\"x\": null, \"y\": [null, 2.0]}");
}

// A to_json that throws: the value says so, the program goes on.
TEST_F(RecordedValueTest, AThrowingToJsonIsRecordedAsACaptureError) {
  EXPECT_EQ(captured_text(ThrowsOnCapture{}),
            "\"<ThrowsOnCapture: capture failed: no JSON for you>\"");
}

}  // namespace
}  // namespace mlflow::detail
