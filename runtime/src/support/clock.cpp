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

std::atomic<std::int64_t> g_system_clock_offset{0};  // set_system_clock_offset_for_testing

#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
constexpr std::int64_t kCalibrationNanos = 5'000'000;  // the first rate measurement
constexpr std::int64_t kRefreshNanos = 500'000'000;    // the export thread re-anchors
constexpr std::int64_t kStaleNanos = 1'000'000'000;    // readers stop converting, re-anchor
// A measured rate this far from the current one is not a clock's (TSCs and NTP-slewed clocks
// differ by parts per million): the interval spanned a suspend or a VM pause that one clock
// counted and the other did not. It is not taken, unless the next measurement disagrees too
// (then the current rate is the wrong one).
constexpr double kImplausibleRateChange = 0.01;

bool has_invariant_tsc() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0x80000000, nullptr) < 0x80000007) return false;
  __cpuid(0x80000007, eax, ebx, ecx, edx);
  return (edx & (1u << 8)) != 0;
}

std::int64_t monotonic_nanos() noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The anchoring's own state (the published conversion is g_tsc_conversion), under `writer`.
struct TscClock {
  // The last anchor (the published base once calibrated): where the next rate measurement
  // starts. tsc == 0: none yet.
  std::uint64_t tsc = 0;
  std::int64_t monotonic = 0;
  std::uint64_t mult = 0;          // the current rate, as published; 0 until calibrated
  std::uint64_t refresh_ticks = 0;  // kRefreshNanos in ticks
  std::uint64_t stale_ticks = 0;    // kStaleNanos in ticks
  bool rejected_last = false;       // the last measured rate was implausible
  std::mutex writer;
  bool usable = has_invariant_tsc();
};

TscClock& tsc_clock() noexcept {
  static TscClock clock;
  return clock;
}

struct Reading {
  std::uint64_t tsc = 0;
  std::int64_t monotonic = 0;
  std::int64_t realtime = 0;
};

// Reads the TSC and both system clocks as close together as possible (the tightest bracket of
// three tries): the conversion is only as good as the pairing.
Reading read_clocks() noexcept {
  Reading best_reading;
  std::uint64_t best = ~0ull;
  for (int i = 0; i < 3; ++i) {
    const std::uint64_t before = __rdtsc();
    const std::int64_t monotonic = monotonic_nanos();
    const std::int64_t realtime = system_unix_nanos();
    const std::uint64_t after = __rdtsc();
    if (after - before < best) {
      best = after - before;
      best_reading = {before + (after - before) / 2, monotonic, realtime};
    }
  }
  return best_reading;
}

std::uint64_t nanos_to_ticks(std::int64_t nanos, std::uint64_t mult) noexcept {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(nanos) << 32) / mult);
}

// Under clock.writer: whether the anchor is `limit_ticks` old, or calibration can go on.
bool anchor_due(const TscClock& clock, std::uint64_t limit_ticks) noexcept {
  if (clock.tsc == 0) return true;
  if (clock.mult == 0) return monotonic_nanos() - clock.monotonic >= kCalibrationNanos;
  // As the fast path reads it (clock.h): a TSC behind the anchor by more than a little is due.
  return __rdtsc() - clock.tsc + kTscBehindTicks >= limit_ticks + kTscBehindTicks;
}

// Under clock.writer: measures the rate since the last anchor and anchors the conversion at
// the current instant on CLOCK_REALTIME, whatever it did meanwhile (a step of it moves the
// anchor, never the rate: clock.h).
void anchor(TscClock& clock) noexcept {
  const Reading now = read_clocks();
  if (clock.tsc != 0 && now.tsc > clock.tsc && now.monotonic > clock.monotonic) {
    const std::int64_t interval = now.monotonic - clock.monotonic;
    if (clock.mult == 0 && interval < kCalibrationNanos) return;  // too short to measure yet
    const auto measured = static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(interval) << 32) / (now.tsc - clock.tsc));
    const double change = clock.mult == 0 ? 0.0
                                          : static_cast<double>(measured) /
                                                    static_cast<double>(clock.mult) -
                                                1.0;
    const bool plausible = change < kImplausibleRateChange && change > -kImplausibleRateChange;
    if (measured != 0 && (plausible || clock.rejected_last)) clock.mult = measured;
    clock.rejected_last = !plausible;
  }
  // Otherwise the first anchor, or a clock that went backwards (a TSC reset at a resume): a new
  // start for the next measurement, the conversion rebased at the current rate.
  clock.tsc = now.tsc;
  clock.monotonic = now.monotonic;
  if (clock.mult == 0) return;
  clock.refresh_ticks = nanos_to_ticks(kRefreshNanos, clock.mult);
  clock.stale_ticks = nanos_to_ticks(kStaleNanos, clock.mult);
  TscConversion& c = g_tsc_conversion;
  c.sequence.fetch_add(1, std::memory_order_acq_rel);
  c.base_tsc.store(now.tsc, std::memory_order_relaxed);
  c.base_nanos.store(now.realtime, std::memory_order_relaxed);
  c.mult.store(clock.mult, std::memory_order_relaxed);
  c.fresh_ticks.store(clock.stale_ticks + kTscBehindTicks, std::memory_order_relaxed);
  c.sequence.fetch_add(1, std::memory_order_release);
}
#endif

}  // namespace

std::int64_t system_unix_nanos() noexcept {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec +
         g_system_clock_offset.load(std::memory_order_relaxed);
}

void set_system_clock_offset_for_testing(std::int64_t nanos) noexcept {
  g_system_clock_offset.store(nanos, std::memory_order_relaxed);
}

std::int64_t now_unix_nanos_slow() noexcept {
  const std::int64_t now = system_unix_nanos();
#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
  // The system clock meanwhile, and a try at (re)anchoring: a thread that finds the writer
  // busy does not wait for it.
  TscClock& clock = tsc_clock();
  if (clock.usable && clock.writer.try_lock()) {
    if (anchor_due(clock, clock.stale_ticks)) anchor(clock);
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
  if (anchor_due(clock, clock.refresh_ticks)) anchor(clock);
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
