// json_value_test.cpp: values given to spans cross into the runtime as JSON text
// (mlflow/detail/json_value.h): what each kind of value becomes, text that is not JSON, and no
// span started by traced code while a value is being captured.
#include <limits>
#include <string>
#include <string_view>

#include <mlflow/detail/function_span.h>

#include "test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class JsonValueTest : public TracingTest {};

// Booleans, numbers and strings are written by json_value.h itself; anything else through
// mlflow::capture(). Either way the text is what capture() makes of the value.
TEST_F(JsonValueTest, EachKindOfValueIsWhatCaptureMakesOfIt) {
  const std::string text = "quote \" and \xff";
  const char* c_string = "c";
  const char* null_string = nullptr;
  const char buffer[8] = "buf";
  {
    auto span = mlflow::start_span("values");
    span.set_attribute("bool", true)
        .set_attribute("int", -7)
        .set_attribute("uint64", std::numeric_limits<std::uint64_t>::max())
        .set_attribute("double", 0.1)
        .set_attribute("char", 'x')
        .set_attribute("string", text)
        .set_attribute("view", std::string_view(text).substr(0, 5))
        .set_attribute("c_string", c_string)
        .set_attribute("null_c_string", null_string)
        .set_attribute("char_array", buffer)
        .set_attribute("literal", "lit")
        .set_attribute("object", json{{"a", {1, 2}}});
  }
  const json span = only_trace()["data"]["spans"][0];
  for (const char* key : {"bool", "int", "uint64", "double", "string", "view", "c_string",
                          "null_c_string", "char_array", "literal", "object"}) {
    SCOPED_TRACE(key);
    EXPECT_TRUE(span["attributes"].contains(key));
  }
  EXPECT_EQ(span["attributes"]["bool"], "true");
  EXPECT_EQ(span["attributes"]["int"], "-7");
  EXPECT_EQ(span["attributes"]["uint64"], "18446744073709551615");
  EXPECT_EQ(span["attributes"]["double"], "0.1");
  EXPECT_EQ(span["attributes"]["char"], "\"x\"");
  EXPECT_EQ(span["attributes"]["string"], "\"quote \\\" and \xef\xbf\xbd\"");
  EXPECT_EQ(span["attributes"]["view"], "\"quote\"");
  EXPECT_EQ(span["attributes"]["c_string"], "\"c\"");
  EXPECT_EQ(span["attributes"]["null_c_string"], "null");
  EXPECT_EQ(span["attributes"]["char_array"], "\"buf\"");
  EXPECT_EQ(span["attributes"]["literal"], "\"lit\"");
  EXPECT_EQ(span["attributes"]["object"], "{\"a\": [1, 2]}");
}

// Text from any JSON writer is read back and spelled as MLflow spells it; text that is not JSON
// is kept as a string, and nothing is lost.
TEST_F(JsonValueTest, JsonTextIsRespelledAndInvalidTextKeptAsAString) {
  {
    auto span = mlflow::start_span("text");
    span.set_inputs_json(R"({"b":1,"a":[true,null,2.5]})")
        .set_outputs_json("{not json")
        .set_attribute_json("k", R"({"x":"y"})")
        .set_attributes_json(R"({"m":1,"n":"two"})")
        .add_event_json("e", R"({"detail":3})");
  }
  const json span = only_trace()["data"]["spans"][0];
  EXPECT_EQ(span["attributes"]["mlflow.spanInputs"], R"({"a": [true, null, 2.5], "b": 1})");
  EXPECT_EQ(span["attributes"]["mlflow.spanOutputs"], R"("{not json")");
  EXPECT_EQ(span["attributes"]["k"], R"({"x": "y"})");
  EXPECT_EQ(span["attributes"]["m"], "1");
  EXPECT_EQ(span["attributes"]["n"], R"("two")");
  ASSERT_EQ(span["events"].size(), 1u);
  EXPECT_EQ(span["events"][0]["name"], "e");
  EXPECT_EQ(span["events"][0]["attributes"]["detail"], 3);
}

// A value whose conversion to JSON runs traced code (here: a traced function's span opened in
// its to_json, as the plugin would generate) starts no span while it is being captured, through
// the plugin's captures and through the span setters alike.
struct Reentrant {
  int value = 0;
};
constexpr detail::FunctionSite kToJsonSite{"to_json", "UNKNOWN", "to_json", "to_json",
                                           "json_value_test.cpp", 1, false};
int g_spans_started_in_to_json = 0;
void to_json(json& j, const Reentrant& r) {
  detail::FunctionSpan span(kToJsonSite);
  if (span.recording()) ++g_spans_started_in_to_json;
  j = {{"value", r.value}};
}

TEST_F(JsonValueTest, NoSpanStartsWhileAValueIsCaptured) {
  static constexpr detail::FunctionSite kSite{"f", "TOOL", "f", "app::f", "f.cpp", 1, true};
  {
    detail::FunctionSpan function(kSite);
    ASSERT_TRUE(function.recording());
    detail::record_arg(function, "r", Reentrant{4});
    auto manual = mlflow::start_span("manual");
    manual.set_outputs(Reentrant{5});
  }
  EXPECT_EQ(g_spans_started_in_to_json, 0);
  const json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 2u);
  EXPECT_EQ(trace["data"]["spans"][0]["attributes"]["mlflow.spanInputs"], R"({"r": {"value": 4}})");
  EXPECT_EQ(trace["data"]["spans"][1]["attributes"]["mlflow.spanOutputs"], R"({"value": 5})");
  // Outside a capture the same code is traced as usual.
  {
    json j;
    to_json(j, Reentrant{6});
  }
  EXPECT_EQ(g_spans_started_in_to_json, 1);
}

}  // namespace
}  // namespace mlflow::testing
