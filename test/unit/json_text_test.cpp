// json_text_test.cpp: the fast paths of support/json_text.h against the slow ones they stand for
// (nlohmann's dump of the same value). Each input sits in a heap block of exactly its size, so
// that a read past its end fails under ASan (the sanitizer stages run these tests).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/json_text.h"

namespace {
using namespace mlflow::detail;
using nlohmann::json;

// A copy of `text` in a block of its own size.
class ExactBytes {
 public:
  explicit ExactBytes(std::string_view text)
      : size_(text.size()), bytes_(new char[text.size() == 0 ? 1 : text.size()]) {
    std::memcpy(bytes_.get(), text.data(), text.size());
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::size_t size_;
  std::unique_ptr<char[]> bytes_;
};

// What json.dumps and nlohmann write for the string (invalid UTF-8 replaced).
std::string reference_string(std::string_view s) {
  return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

// append_json_string into a std::string and into a TextBuffer, both after a prefix, and
// append_json_string_in_json_string.
void expect_escaped_like_nlohmann(std::string_view text) {
  const ExactBytes exact(text);
  const std::string expected = reference_string(text);
  std::string out = "prefix";
  append_json_string(out, exact.view());
  ASSERT_EQ(out, "prefix" + expected) << testing::PrintToString(std::string(text));
  TextBuffer buffer;
  buffer.append("prefix", 6);
  append_json_string(buffer, exact.view());
  ASSERT_EQ(buffer.view(), "prefix" + expected) << testing::PrintToString(std::string(text));
  // Escaped twice in one pass: the JSON string of that JSON string.
  TextBuffer twice;
  twice.append("prefix", 6);
  append_json_string_in_json_string(twice, exact.view());
  ASSERT_EQ(twice.view(), "prefix" + reference_string(expected))
      << testing::PrintToString(std::string(text));
}

// Bytes that need care, one kind each: escaped by name, escaped as \u00xx, UTF-8 sequences of
// every length, and invalid UTF-8 (a stray byte, a sequence cut short, overlong, a surrogate).
const std::vector<std::string>& special_pieces() {
  static const std::vector<std::string> pieces = {
      "\"", "\\", "\n", "\t", "\b", "\f", "\r", std::string("\0", 1), "\x01", "\x1f",
      "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xff", "\xe2\x82", "\xc0\xaf",
      "\xed\xa0\x80", "\x80"};
  return pieces;
}

// A special byte at every offset of strings from empty to two blocks and a tail long (the
// 16-byte blocks, the 8- and 4-byte words of the tail, and single bytes), between plain bytes.
TEST(JsonTextEscape, EachSpecialByteAtEveryOffsetIsEscapedLikeNlohmann) {
  for (const std::string& piece : special_pieces()) {
    for (std::size_t length = 0; length <= 40; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        std::string text(length, 'a');
        text.insert(at, piece);
        expect_escaped_like_nlohmann(text);
      }
    }
  }
}

// Strings made only of special bytes (every byte of every block needs care, as in JSON text
// held in a JSON string), with a plain prefix of every length so that they start at every
// offset within a block, and two specials at every pair of offsets within one block.
TEST(JsonTextEscape, BlocksDenseInSpecialBytesAreEscapedLikeNlohmann) {
  for (const std::string& piece : special_pieces()) {
    for (std::size_t prefix = 0; prefix < 16; ++prefix) {
      for (std::size_t count : {1u, 2u, 7u, 15u, 16u, 17u, 40u}) {
        std::string text(prefix, 'x');
        for (std::size_t k = 0; k < count; ++k) text += piece;
        expect_escaped_like_nlohmann(text);
        expect_escaped_like_nlohmann(text + "tail");
      }
    }
  }
  for (const std::string& first : special_pieces())
    for (const std::string& second : {std::string("\""), std::string("\xe2\x82\xac"), std::string("\x01")})
      for (std::size_t at = 0; at < 20; ++at)
        for (std::size_t gap = 0; gap < 20; ++gap) {
          const std::string text =
              std::string(at, 'p') + first + std::string(gap, 'q') + second + std::string(21, 'r');
          expect_escaped_like_nlohmann(text);
        }
}

// Escaping goes 512 input bytes at a time: a sequence across that boundary, at every offset.
TEST(JsonTextEscape, SequencesAcrossTheStepBoundaryAreEscapedLikeNlohmann) {
  for (const std::string& piece : special_pieces())
    for (std::size_t at = 490; at <= 530; ++at)
      for (std::size_t after : {0u, 1u, 5u, 30u, 600u}) {
        std::string text(at, 'a');
        text += piece;
        text.append(after, 'b');
        expect_escaped_like_nlohmann(text);
      }
}

// JSON text of JSON values (what MLflow's attributes hold, written again as a string): dense
// in quotes, with escapes of escapes, non-ASCII and every control character.
TEST(JsonTextEscape, RandomMixesAreEscapedLikeNlohmann) {
  std::mt19937 rng(1604);
  const auto& pieces = special_pieces();
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const std::size_t n = rng() % (i % 100 == 0 ? 400 : 24);
    for (std::size_t k = 0; k < n; ++k) {
      if (rng() % 2 == 0) {
        text += pieces[rng() % pieces.size()];
      } else {
        text.append(rng() % 20, static_cast<char>('a' + rng() % 26));
      }
    }
    expect_escaped_like_nlohmann(text);
    // The same text as the JSON string of itself: its quotes and backslashes escaped again.
    expect_escaped_like_nlohmann(reference_string(text));
  }
}

// --- Integers --------------------------------------------------------------------------------

template <class Integer>
void expect_integer_like_to_string(Integer value) {
  std::string out = "x";
  append_integer(out, value);
  ASSERT_EQ(out, "x" + std::to_string(value));
  TextBuffer buffer;
  append_integer(buffer, value);
  ASSERT_EQ(buffer.view(), std::to_string(value));
}

// Every length of every sign, each power of ten and its neighbours (where the 8-digit groups
// start), the limits, and random values of every magnitude.
TEST(JsonTextInteger, WrittenAsToStringWritesThem) {
  std::uint64_t power = 1;
  for (int digits = 1; digits <= 20; ++digits, power *= 10) {
    for (std::uint64_t value : {power - 1, power, power + 1, power * 2 - 1, power * 9 + 7}) {
      expect_integer_like_to_string(value);
      if (value <= static_cast<std::uint64_t>(INT64_MAX)) {
        expect_integer_like_to_string(static_cast<std::int64_t>(value));
        expect_integer_like_to_string(-static_cast<std::int64_t>(value));
      }
    }
    if (digits == 19) break;  // 10^20 does not fit
  }
  expect_integer_like_to_string(std::numeric_limits<std::int64_t>::min());
  expect_integer_like_to_string(std::numeric_limits<std::int64_t>::max());
  expect_integer_like_to_string(std::numeric_limits<std::uint64_t>::max());
  expect_integer_like_to_string(std::numeric_limits<int>::min());
  expect_integer_like_to_string(std::numeric_limits<unsigned>::max());
  expect_integer_like_to_string(0);
  std::mt19937_64 rng(64);
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t value = rng() >> (rng() % 64);
    expect_integer_like_to_string(value);
    expect_integer_like_to_string(static_cast<std::int64_t>(value));
    expect_integer_like_to_string(-static_cast<std::int64_t>(value >> 1));
  }
}

// --- canonicalize_json_text ------------------------------------------------------------------

// JSON text as the plugin's captures write it (objects member by member in call order, strings
// by append_json_string, numbers by append_integer and append_json_text), noting whether it holds
// something that makes the tree's text differ in more than the order of members.
struct TextValue {
  std::string text;
  bool handled = true;  // nothing canonicalize_json_text leaves to the parse
};

void write_random_value(std::mt19937& rng, int depth, TextValue& out) {
  static const char* const kKeys[] = {"query", "top_k", "a", "b", "z", "messages", "\xc3\xbc" "ber",
                                      "id", "name", "tags", "", "key with space", "A", "aa"};
  static const std::int64_t kInts[] = {0, -1, 7, 42, -9223372036854775807LL - 1,
                                       9223372036854775807LL, 100000000000000000LL,
                                       -99999999999999999LL};
  static const std::uint64_t kUnsigned[] = {18446744073709551615ULL, 9999999999999999999ULL};
  static const double kDoubles[] = {0.5, 1.0, -0.0, 1e300, 3.25, 1e-7};
  static const std::vector<std::string> kStrings = {
      "", "plain", "\"quoted\"", "back\\slash", "tab\there", std::string("nul\0", 4),
      "\x01\x1f\x7f", "caf\xc3\xa9", "\xe2\x82\xac\xf0\x9f\x98\x80", "a/b", "{\"json\": [1, 2]}",
      "\b\f\n\r"};
  switch (rng() % (depth > 0 ? 9 : 6)) {
    case 0:
      out.text += rng() % 3 == 0 ? "null" : rng() % 2 ? "true" : "false";
      return;
    case 1:
      append_integer(out.text, kInts[rng() % std::size(kInts)]);
      return;
    case 2:
      if (rng() % 4 == 0) {
        append_integer(out.text, kUnsigned[rng() % std::size(kUnsigned)]);
      } else {
        append_json_text(out.text, json(kDoubles[rng() % std::size(kDoubles)]));
        out.handled = false;
      }
      return;
    case 3:
    case 4:
    case 5:
      append_json_string(out.text, kStrings[rng() % kStrings.size()]);
      return;
    case 6:
    case 7: {
      out.text += '{';
      std::vector<std::string> seen;
      const std::size_t n = rng() % 5;
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out.text += ", ";
        const std::string key =
            rng() % 8 == 0 ? kStrings[rng() % kStrings.size()] : kKeys[rng() % std::size(kKeys)];
        if (json(key).dump().find('\\') != std::string::npos) out.handled = false;  // escaped
        for (const std::string& other : seen) out.handled = out.handled && other != key;
        seen.push_back(key);
        append_json_string(out.text, key);
        out.text += ": ";
        write_random_value(rng, depth - 1, out);
      }
      out.text += '}';
      return;
    }
    default: {
      out.text += '[';
      const std::size_t n = rng() % 4;
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out.text += ", ";
        write_random_value(rng, depth - 1, out);
      }
      out.text += ']';
    }
  }
}

// canonicalize_json_text(text) either gives exactly the tree's JSON text or leaves the text as
// it was; `must_handle`: it has to give it.
void expect_canonical_or_unchanged(std::string_view text, bool must_handle) {
  const std::string prefix = "prefix";
  std::string out = prefix + std::string(text);
  const bool handled = canonicalize_json_text(out, prefix.size());
  const json tree = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (handled) {
    ASSERT_FALSE(tree.is_discarded()) << testing::PrintToString(std::string(text));
    ASSERT_EQ(out, prefix + to_json_text(tree)) << testing::PrintToString(std::string(text));
  } else {
    ASSERT_FALSE(must_handle) << testing::PrintToString(std::string(text));
    ASSERT_EQ(out, prefix + std::string(text));
  }
}

TEST(JsonTextCanonical, CapturedTextIsTheTreesTextWithoutAParse) {
  std::mt19937 rng(2026);
  int handled = 0;
  for (int i = 0; i < 20000; ++i) {
    TextValue value;
    write_random_value(rng, 4, value);
    expect_canonical_or_unchanged(ExactBytes(value.text).view(), value.handled);
    handled += value.handled;
  }
  EXPECT_GT(handled, 10000);  // most of them take the fast path
}

TEST(JsonTextCanonical, MembersAreSortedAtEveryDepth) {
  std::string text = R"({"z": {"b": [1, {"y": true, "x": null}], "a": "s"}, "m": [], "a": {}})";
  ASSERT_TRUE(canonicalize_json_text(text, 0));
  EXPECT_EQ(text, R"({"a": {}, "m": [], "z": {"a": "s", "b": [1, {"x": null, "y": true}]}})");
  std::string sorted = R"({"id": 42, "name": "request", "tags": ["alpha", "beta", "gamma"]})";
  const std::string before = sorted;
  ASSERT_TRUE(canonicalize_json_text(sorted, 0));
  EXPECT_EQ(sorted, before);
}

// A member named the stop key, at any depth, leaves the text to the parse (the previews: a
// chat message has a member "role"); the same name as a value does not.
TEST(JsonTextCanonical, AMemberNamedTheStopKeyLeavesTheTextAsItIs) {
  for (const std::string text :
       {R"({"role": "user"})", R"({"messages": [{"content": "hi", "role": "user"}], "model": "m"})",
        R"([1, {"a": {"role": 1}}])", R"({"z": 1, "a": {"role": 1}})"}) {
    std::string out = text;
    EXPECT_FALSE(canonicalize_json_text(out, 0, "role")) << text;
    EXPECT_EQ(out, text);
    EXPECT_TRUE(canonicalize_json_text(out, 0)) << text;  // without a stop key: read
  }
  std::string value = R"({"b": "role", "a": ["role"]})";
  ASSERT_TRUE(canonicalize_json_text(value, 0, "role"));
  EXPECT_EQ(value, R"({"a": ["role"], "b": "role"})");
}

// Spellings a parse and a write would change, and text that is not JSON (every prefix of a
// value too: what a write cut short leaves): never given as canonical unless the tree's text
// agrees.
TEST(JsonTextCanonical, OtherSpellingsAreLeftToTheParse) {
  const std::vector<std::string> texts = {
      R"("a\/b")", R"("\u0041")", R"("\u001F")", R"("\u0008")", R"("\u00e9")",
      R"("\ud83d\ude00")", "\"raw\ttab\"", "\"bad \xff byte\"", "\"cut \xe2\x82\"", R"({"a":1})",
      R"({"a" : 1})", R"([1,2])", R"( [1])", R"([1] )", "[1,\n2]", "-0", "01", "1.0", "1e5", "1E5",
      "-", "+1", "12345678901234567890", "-1234567890123456789", R"({"a": 1, "a": 2})",
      R"({"b": 1, "a": 2, "b": 3})", R"({"k\"ey": 1})", "tru", "nul", "True", R"({"a": })",
      R"([1, ])", R"({)", "", R"("open)", std::string(70, '[') + std::string(70, ']'),
      "18446744073709551616", "-9223372036854775809", "18446744073709551615",
      "-9223372036854775808", "99999999999999999999", "[1, 2] [3]", R"({"a": 1}})"};
  for (const std::string& text : texts) {
    expect_canonical_or_unchanged(ExactBytes(text).view(), false);
    for (std::size_t cut = 0; cut < text.size(); ++cut)
      expect_canonical_or_unchanged(ExactBytes(text.substr(0, cut)).view(), false);
  }
  std::mt19937 rng(99);
  for (int i = 0; i < 300; ++i) {
    TextValue value;
    write_random_value(rng, 3, value);
    for (std::size_t cut = 0; cut < value.text.size(); ++cut)
      expect_canonical_or_unchanged(ExactBytes(std::string_view(value.text).substr(0, cut)).view(),
                                    false);
  }
}

}  // namespace
