// fuzz_input.h: structured values read out of a fuzzer's bytes, front to back, and the checks
// the targets share.
//
// The value encoder's and the OTLP writer's targets build their values from the input with
// FuzzInput. Everything is read from the front (unlike LLVM's FuzzedDataProvider, which takes
// numbers from the back), so a seed is its values in order and make_seeds.py can write readable
// ones. The format:
//
//   byte()   one byte; 0 once the input is used up (so every input is a valid one)
//   u64()    8 bytes, little endian
//   bytes()  a length, then that many bytes (fewer at the end of the input): the length is one
//            byte n when n < 0x80, else ((n & 0x7f) << 8) | the next byte (up to 32767)
//   json()   one kind byte (its value modulo 10), then the kind's content:
//              0 null      1 bool (byte() & 1)   2 int64 (u64)   3 uint64 (u64)
//              4 double (u64's bits: NaN, infinities, subnormals too)
//              5 string: bytes(), any bytes (invalid UTF-8, NUL, control characters)
//              6 array: byte() % 8 elements, each json()
//              7 object: byte() % 8 members, each a key bytes() (any bytes) and a json()
//              8 JSON text: bytes() parsed by nlohmann/json; text that does not parse is the string
//              9 binary: bytes() as nlohmann's binary value (a user's to_json can make one)
//            Deeper than kMaxDepth, or after kMaxNodes values, json() is null.
#ifndef MLFLOW_TEST_FUZZ_FUZZ_INPUT_H
#define MLFLOW_TEST_FUZZ_FUZZ_INPUT_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlflow_fuzz {

class FuzzInput {
 public:
  static constexpr int kMaxDepth = 12;
  static constexpr int kMaxNodes = 2000;

  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const noexcept { return position_ >= size_; }

  std::uint8_t byte() noexcept { return empty() ? 0 : data_[position_++]; }

  std::uint64_t u64() noexcept {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= std::uint64_t{byte()} << (8 * i);
    return value;
  }

  std::string bytes() {
    std::size_t length = byte();
    if (length >= 0x80) length = ((length & 0x7f) << 8) | byte();
    length = std::min(length, size_ - std::min(position_, size_));
    std::string out(reinterpret_cast<const char*>(data_ + position_), length);
    position_ += length;
    return out;
  }

  nlohmann::json json(int depth = 0) {
    if (depth > kMaxDepth || ++nodes_ > kMaxNodes) return nullptr;
    switch (byte() % 10) {
      case 0:
        return nullptr;
      case 1:
        return (byte() & 1) != 0;
      case 2:
        return static_cast<std::int64_t>(u64());
      case 3:
        return u64();
      case 4: {
        const std::uint64_t bits = u64();
        double value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
      }
      case 5:
        return bytes();
      case 6: {
        nlohmann::json array = nlohmann::json::array();
        for (int n = byte() % 8; n > 0; --n) array.push_back(json(depth + 1));
        return array;
      }
      case 7: {
        nlohmann::json object = nlohmann::json::object();
        for (int n = byte() % 8; n > 0; --n) {
          std::string key = bytes();
          object[key] = json(depth + 1);
        }
        return object;
      }
      case 8: {
        std::string text = bytes();
        nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (value.is_discarded()) return text;
        return value;
      }
      default: {
        const std::string data = bytes();
        return nlohmann::json::binary(std::vector<std::uint8_t>(data.begin(), data.end()));
      }
    }
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
  int nodes_ = 0;
};

// UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing above U+10FFFF),
// written here independently of the runtime's own check, which it judges.
inline bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto continuation = [&](std::size_t k) { return k < s.size() && (at(k) & 0xc0) == 0x80; };
  while (i < s.size()) {
    const unsigned char c = at(i);
    std::uint32_t code_point;
    std::size_t n;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 2, code_point = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 3, code_point = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 4, code_point = c & 0x07;
    } else {
      return false;
    }
    for (std::size_t k = 1; k < n; ++k) {
      if (!continuation(i + k)) return false;
      code_point = (code_point << 6) | (at(i + k) & 0x3f);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[n] || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff))
      return false;
    i += n;
  }
  return true;
}

// A failed check: says what, shows the value, and aborts (libFuzzer saves the input). Written
// to stdout as well as stderr: a run with -close_fd_mask=2 (tools/run-tests) discards stderr.
[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
  for (std::FILE* out : {stdout, stderr}) {
    std::fprintf(out, "fuzz check failed: %s\n", what);
    if (!detail.empty())
      std::fprintf(out, "  %.*s\n", static_cast<int>(std::min<std::size_t>(detail.size(), 2000)),
                   detail.data());
    std::fflush(out);
  }
  std::abort();
}

#define MLFLOW_FUZZ_CHECK(condition, detail) \
  ((condition) ? (void)0 : ::mlflow_fuzz::fail(#condition, (detail)))

// `text` parsed as JSON by nlohmann/json, which also rejects invalid UTF-8 in strings: the check
// that what an encoder wrote is valid JSON and valid UTF-8. Fails the run when it is not.
inline nlohmann::json parse_strictly(std::string_view text, const char* what) {
  nlohmann::json value =
      nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) fail(what, text);
  MLFLOW_FUZZ_CHECK(is_valid_utf8(text), text);
  return value;
}

// nlohmann's own compact text of `value`, invalid UTF-8 replaced: the reference the runtime's
// encoders are held to.
inline std::string reference_dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mlflow_fuzz

#endif  // MLFLOW_TEST_FUZZ_FUZZ_INPUT_H
