// recorded_json_test.cpp: inputs and outputs written as JSON text by the plugin's hooks read
// back as the values they record.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/recorded_json.h"
#include "support/json_text.h"

namespace mlflow::detail {
namespace {

using nlohmann::json;

// Member names are parameter names, written without the escaper when they need none; any
// other name must come out exactly as the JSON writer spells it.
TEST(RecordedJson, MemberNamesAreSpelledAsTheJsonWriterSpellsThem) {
  const char* const names[] = {"query", "top_k", "_", "q\"uote", "back\\slash", "tab\there",
                               "\xc3\xbc" "ber", "\x01",
                               "a_parameter_name_that_is_longer_than_sixty_characters_in_all_"};
  for (const char* name : names) {
    RecordedJson inputs;
    append_json_text(inputs.object_member(name), json(1));
    append_json_text(inputs.list_element(name), json("a"));
    append_json_text(inputs.list_element(name), json("b"));
    std::string text = "{";
    append_json_string(text, name);
    text += ": 1, ";
    append_json_string(text, name);
    text += ": [\"a\", \"b\"]}";
    EXPECT_EQ(inputs.text(), text) << name;
    EXPECT_EQ(json::parse(inputs.text())[name], json::array({"a", "b"})) << name;
  }
}

TEST(RecordedJson, ValueTextReplacesATree) {
  RecordedJson outputs(json{{"k", "v"}});
  append_json_text(outputs.value_text(json::value_t::string), json("text"));
  EXPECT_EQ(outputs.text(), "\"text\"");
  EXPECT_EQ(outputs.type(), json::value_t::string);
  EXPECT_EQ(outputs.tree(), json("text"));
}

TEST(RecordedJson, ObjectTextReplacesATree) {
  RecordedJson inputs(json::array({1, 2}));
  append_json_text(inputs.object_member("x"), json(2));
  EXPECT_EQ(inputs.text(), "{\"x\": 2}");
  EXPECT_EQ(inputs.tree(), json({{"x", 2}}));
}

}  // namespace
}  // namespace mlflow::detail
