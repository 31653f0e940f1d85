// clock.cpp: see clock.h.
#include "support/clock.h"

#include <atomic>
#include <ctime>
#include <mutex>

#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>
#endif

MLFLOW_BEGIN_NAMESPACE
namespace detail {

TscConversion g_tsc_conversion;

namespace {

constexpr std::int64_t kCalibrationNanos = 5'000'000;       // first rate measurement
constexpr std::int64_t kRecalibrationNanos = 1'000'000'000;  // anchor refresh

#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
bool has_invariant_tsc() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0x80000000, nullptr) < 0x80000007) return false;
  __cpuid(0x80000007, eax, ebx, ecx, edx);
  return (edx & (1u << 8)) != 0;
}

// The calibration's own state (the published conversion is g_tsc_conversion).
struct TscClock {
  // The first anchor, for the rate: measured over the longest interval available.
  std::uint64_t first_tsc = 0;
  std::int64_t first_nanos = 0;
  std::mutex writer;
  bool usable = has_invariant_tsc();
};

TscClock& tsc_clock() noexcept {
  static TscClock clock;
  return clock;
}

// Reads TSC and system time as close together as possible (the pair with the shortest
// bracket of three tries).
void read_pair(std::uint64_t& tsc, std::int64_t& nanos) noexcept {
  std::uint64_t best = ~0ull;
  for (int i = 0; i < 3; ++i) {
    const std::uint64_t before = __rdtsc();
    const std::int64_t now = system_unix_nanos();
    const std::uint64_t after = __rdtsc();
    if (after - before < best) {
      best = after - before;
      tsc = before + (after - before) / 2;
      nanos = now;
    }
  }
}

// Under clock.writer: (re)anchors the conversion at the current instant.
void anchor(TscClock& clock) noexcept {
  std::uint64_t tsc = 0;
  std::int64_t nanos = 0;
  read_pair(tsc, nanos);
  if (clock.first_tsc == 0) {
    clock.first_tsc = tsc;
    clock.first_nanos = nanos;
    return;
  }
  if (tsc <= clock.first_tsc || nanos - clock.first_nanos < kCalibrationNanos) return;
  const double rate = static_cast<double>(nanos - clock.first_nanos) /
                      static_cast<double>(tsc - clock.first_tsc);
  const auto mult = static_cast<std::uint64_t>(rate * 4294967296.0);  // times 2^32
  if (mult == 0) return;
  TscConversion& c = g_tsc_conversion;
  c.sequence.fetch_add(1, std::memory_order_acq_rel);
  c.base_tsc.store(tsc, std::memory_order_relaxed);
  c.base_nanos.store(nanos, std::memory_order_relaxed);
  c.mult.store(mult, std::memory_order_relaxed);
  c.sequence.fetch_add(1, std::memory_order_release);
}
#endif

}  // namespace

std::int64_t system_unix_nanos() noexcept {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::int64_t now_unix_nanos_uncalibrated() noexcept {
  const std::int64_t now = system_unix_nanos();
#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
  // Calibrating: the system clock meanwhile, and a try at finishing calibration.
  TscClock& clock = tsc_clock();
  if (clock.usable && clock.writer.try_lock()) {
    if (clock.first_tsc == 0 || now - clock.first_nanos >= kCalibrationNanos) anchor(clock);
    clock.writer.unlock();
  }
#endif
  return now;
}

void recalibrate_clock() noexcept {
#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
  TscClock& clock = tsc_clock();
  if (!clock.usable) return;
  std::lock_guard<std::mutex> lock(clock.writer);
  if (clock.first_tsc != 0 &&
      system_unix_nanos() - g_tsc_conversion.base_nanos.load(std::memory_order_relaxed) <
          kRecalibrationNanos &&
      g_tsc_conversion.mult.load(std::memory_order_relaxed) != 0)
    return;
  anchor(clock);
#endif
}

bool clock_uses_tsc() noexcept {
#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
  return g_tsc_conversion.mult.load(std::memory_order_relaxed) != 0;
#else
  return false;
#endif
}

}  // namespace detail
MLFLOW_END_NAMESPACE
