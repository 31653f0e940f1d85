// capture_entry_points_test.cpp: the library's captures for common types write exactly the JSON
// text that ::mlflow::capture() and json_text make of the same value, as input, pack element
// and output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <mlflow/detail/function_span.h>

#include "core/span_record.h"
#include "support/json_text.h"
#include "test_support.h"

namespace mlflow::detail {
namespace {

constexpr FunctionSite kSite{"f", "TOOL", "f", "app::f", "f.cpp", 1, /*annotated=*/true};

class LibraryCaptureTest : public mlflow::testing::TracingTest {
 protected:
  // Captures `value` the way generated code does, and checks the recorded text.
  template <class T>
  void check(const T& value) {
    static_assert(library_captures_v<T> || is_c_string<T>::value, "not a library capture");
    const std::string expected = to_json_text(::mlflow::capture(value));
    FunctionSpan span(kSite);
    ASSERT_TRUE(span.recording());
    capture_value<true>(span, CaptureTarget::kInput, "v", value);
    capture_value<true>(span, CaptureTarget::kInput, "w", value);
    capture_value<true>(span, CaptureTarget::kOutput, nullptr, value);
    const SpanRecord* record = span.record();
    EXPECT_EQ(record->inputs.text(), "{\"v\": " + expected + ", \"w\": " + expected + "}");
    EXPECT_EQ(record->outputs.text(), expected);
    EXPECT_EQ(record->outputs.type(), ::mlflow::capture(value).type()) << expected;
    EXPECT_EQ(record->outputs.tree(), nlohmann::json::parse(expected));
  }
};

TEST_F(LibraryCaptureTest, Scalars) {
  check(true);
  check(false);
  check(-5);
  check(std::numeric_limits<std::int64_t>::min());
  check(std::numeric_limits<std::uint64_t>::max());
  check(static_cast<unsigned short>(7));
  check(3.25);
  check(0.1f);
  check(1e300);
  check(-0.0);
  check(std::numeric_limits<double>::quiet_NaN());
  check(std::numeric_limits<double>::infinity());
}

TEST_F(LibraryCaptureTest, Strings) {
  check(std::string("plain"));
  check(std::string("caf\xc3\xa9 \"quoted\" back\\slash\n\t\x01 end"));
  check(std::string("invalid \xff\xfe utf-8 \xc3"));
  check(std::string(""));
  check(std::string_view("a view"));
  const char* c_string = "a C string \xe2\x82\xac";
  check(c_string);
  const char* none = nullptr;
  check(none);
}

TEST_F(LibraryCaptureTest, Containers) {
  check(std::vector<std::string>{"alpha", "b\xffta", "\"g\""});
  check(std::vector<std::string>{});
  check(std::vector<int>{1, -2, 3});
  check(std::vector<float>{0.5f, 0.1f});
  check(std::vector<double>{1.0, std::nan(""), 2.5e-8});
  check(std::map<std::string, std::string>{{"b", "x"}, {"a", "\xff"}, {"\n", ""}});
  check(std::map<std::string, int>{{"z", 1}, {"a", 2}});
  check(std::map<std::string, double>{{"pi", 3.14159}, {"e", 2.71828}});
}

TEST_F(LibraryCaptureTest, PackElementsBuildOneList) {
  FunctionSpan span(kSite);
  ASSERT_TRUE(span.recording());
  capture_value<true>(span, CaptureTarget::kInput, "label", std::string("three"));
  capture_value<true>(span, CaptureTarget::kPackInput, "items", 1);
  capture_value<true>(span, CaptureTarget::kPackInput, "items", std::string("two"));
  capture_value<true>(span, CaptureTarget::kPackInput, "items", 3.5);
  EXPECT_EQ(span.record()->inputs.text(), R"({"label": "three", "items": [1, "two", 3.5]})");
}

}  // namespace
}  // namespace mlflow::detail
