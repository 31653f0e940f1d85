// ids.cpp: see ids.h.
#include "core/ids.h"

#include <mutex>
#include <random>
#include <string_view>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "support/base64.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// splitmix64: tiny state, one multiply-xorshift round per id, and good enough statistics for
// identifiers. One generator per thread, so id generation takes no lock.
struct IdGenerator {
  std::uint64_t state;
  IdGenerator() {
    std::random_device device;
    state = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    std::call_once(fork_handler_registered, [] { pthread_atfork(nullptr, nullptr, &after_fork); });
  }

  // In a child of fork() the forking thread (the child's only one) would draw the parent's
  // next ids: its state is mixed with the child's pid and the time. (Async-signal-safe: getpid
  // and clock_gettime only, no allocation.)
  static void after_fork() noexcept;
  static std::once_flag fork_handler_registered;
  std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

IdGenerator& generator() noexcept {
  thread_local IdGenerator gen;
  return gen;
}

std::once_flag IdGenerator::fork_handler_registered;

void IdGenerator::after_fork() noexcept {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  IdGenerator& gen = generator();
  gen.state ^= (static_cast<std::uint64_t>(getpid()) << 32) ^
               static_cast<std::uint64_t>(now.tv_sec) * 1000000007ULL ^
               static_cast<std::uint64_t>(now.tv_nsec);
  gen.next();  // one round, so that nearby seeds part at once
}

void append_hex(std::string& out, std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kDigits[(v >> shift) & 0xf]);
}

void append_big_endian(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

}  // namespace

TraceId new_trace_id() noexcept {
  TraceId id;
  do {
    id.high = generator().next();
    id.low = generator().next();
  } while (id.high == 0 && id.low == 0);
  return id;
}

SpanId new_span_id() noexcept {
  SpanId id;
  do id = generator().next();
  while (id == 0);
  return id;
}

std::string to_hex(const TraceId& id) {
  std::string out;
  out.reserve(32);
  append_hex(out, id.high);
  append_hex(out, id.low);
  return out;
}

std::string to_hex(SpanId id) {
  std::string out;
  out.reserve(16);
  append_hex(out, id);
  return out;
}

std::string mlflow_trace_id(const TraceId& id) { return "tr-" + to_hex(id); }

std::uint64_t big_endian_word(std::string_view bytes) noexcept {
  std::uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

void put_big_endian(std::uint64_t word, unsigned char* out) noexcept {
  for (int i = 7; i >= 0; --i, word >>= 8) out[i] = static_cast<unsigned char>(word & 0xff);
}

namespace {
// Exactly 16 hex digits, either case.
bool word_from_hex(std::string_view hex, std::uint64_t& out) noexcept {
  if (hex.size() != 16) return false;
  out = 0;
  for (char c : hex) {
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return false;
    out = out << 4 | static_cast<std::uint64_t>(digit);
  }
  return true;
}
}  // namespace

std::optional<TraceId> trace_id_from_hex(std::string_view hex) noexcept {
  if (hex.substr(0, 3) == "tr-") hex.remove_prefix(3);
  TraceId id;
  if (hex.size() != 32 || !word_from_hex(hex.substr(0, 16), id.high) ||
      !word_from_hex(hex.substr(16), id.low) || (id.high == 0 && id.low == 0))
    return std::nullopt;
  return id;
}

std::optional<SpanId> span_id_from_hex(std::string_view hex) noexcept {
  SpanId id = 0;
  if (!word_from_hex(hex, id) || id == 0) return std::nullopt;
  return id;
}

std::string to_bytes(const TraceId& id) {
  std::string bytes;
  bytes.reserve(16);
  append_big_endian(bytes, id.high);
  append_big_endian(bytes, id.low);
  return bytes;
}

std::string to_bytes(SpanId id) {
  std::string bytes;
  bytes.reserve(8);
  append_big_endian(bytes, id);
  return bytes;
}

std::string to_base64(const TraceId& id) { return base64_encode(to_bytes(id)); }
std::string to_base64(SpanId id) { return base64_encode(to_bytes(id)); }

}  // namespace detail
MLFLOW_END_NAMESPACE
