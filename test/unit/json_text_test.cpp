// json_text_test.cpp: the fast paths of support/json_text.h against the slow ones they stand for
// (nlohmann's dump of the same value). Each input sits in a heap block of exactly its size, so
// that a read past its end fails under ASan (the sanitizer stages run these tests).
#include <gtest/gtest.h>

#include <cstring>
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

// append_json_string into a std::string and into a TextBuffer, both after a prefix.
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

}  // namespace
