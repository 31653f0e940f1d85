// clock.h: wall-clock time in Unix nanoseconds, the unit of MLflow's span timestamps.
//
// A span needs two timestamps, and clock_gettime costs ~25 ns on our VMs (vDSO, kvm-clock): on
// x86-64 with an invariant TSC the clock reads the TSC instead (~10 ns) and converts ticks to
// Unix nanoseconds with a rate measured against CLOCK_REALTIME. The first few milliseconds of a
// process use clock_gettime while the rate is measured; after that the export thread refreshes
// the anchor about once a second (recalibrate_clock), so the TSC time never strays from the
// system clock by more than the drift of one second. Elsewhere, or without an invariant TSC,
// it is clock_gettime throughout.
#ifndef MLFLOW_RUNTIME_CLOCK_H
#define MLFLOW_RUNTIME_CLOCK_H

#include <mlflow/version.h>

#include <atomic>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The TSC-to-Unix-nanoseconds conversion, published by a sequence lock (readers never block;
// the writer, calibration, is rare): nanos = base_nanos + (tsc - base_tsc) * mult / 2^32.
// A global with constant initialization, so that reading it needs no guard; integer
// arithmetic, so that converting costs a multiply, not an int/double round trip.
struct TscConversion {
  std::atomic<unsigned> sequence{0};  // odd while being written
  std::atomic<std::uint64_t> base_tsc{0};
  std::atomic<std::int64_t> base_nanos{0};
  std::atomic<std::uint64_t> mult{0};  // nanoseconds per tick, times 2^32; 0: not calibrated
};
extern TscConversion g_tsc_conversion;

// The slow path: the system clock, while the TSC is being calibrated or cannot be used.
std::int64_t now_unix_nanos_uncalibrated() noexcept;

inline std::int64_t now_unix_nanos() noexcept {
#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
  const TscConversion& c = g_tsc_conversion;
  const unsigned before = c.sequence.load(std::memory_order_acquire);
  const std::uint64_t mult = c.mult.load(std::memory_order_relaxed);
  const std::uint64_t base_tsc = c.base_tsc.load(std::memory_order_relaxed);
  const std::int64_t base_nanos = c.base_nanos.load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (mult != 0 && (before & 1) == 0 && c.sequence.load(std::memory_order_relaxed) == before) {
    // Signed: a TSC read on another core may be a few ticks behind the anchor.
    const auto ticks = static_cast<std::int64_t>(__rdtsc() - base_tsc);
    return base_nanos + static_cast<std::int64_t>((static_cast<__int128>(ticks) * mult) >> 32);
  }
#endif
  return now_unix_nanos_uncalibrated();
}

// CLOCK_REALTIME, always (for tests and calibration).
std::int64_t system_unix_nanos() noexcept;

// Re-anchors the TSC clock on the system clock when a second has passed since the last time;
// cheap otherwise. Called by the export thread.
void recalibrate_clock() noexcept;

// Whether now_unix_nanos reads the TSC (after calibration).
bool clock_uses_tsc() noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CLOCK_H
