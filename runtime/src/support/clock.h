// clock.h: wall-clock time in Unix nanoseconds, the unit of MLflow's span timestamps.
//
// A span needs two timestamps, and clock_gettime costs ~25 ns on our VMs (vDSO, kvm-clock): on
// x86-64 with an invariant TSC the clock reads the TSC instead (~10 ns) and converts ticks to
// Unix nanoseconds from an anchor, a (TSC, CLOCK_REALTIME) pair read together, at a rate
// measured against CLOCK_MONOTONIC. The first few milliseconds of a process use clock_gettime
// while the rate is measured. Elsewhere, or without an invariant TSC, it is clock_gettime
// throughout.
//
// The bound: a TSC timestamp is within 50 us of CLOCK_REALTIME read at the same instant
// (clock_test.cpp asserts it after an idle gap and after steps of the clock), as long as the
// system clock's rate does not change by more than 50 ppm within a second (NTP frequency
// corrections are a few ppm; only a large slewed correction, chrony's for one, goes beyond),
// and except that a step of the system clock (settimeofday, an NTP step, a resume) reaches span
// timestamps within 1 s of the step. What keeps it:
//   - an anchor is never used once it is 1 s old (TscConversion::fresh_ticks): the first read
//     after that, on whatever thread, returns clock_gettime and re-anchors; while traces flow
//     the export thread re-anchors every 0.5 s (recalibrate_clock), off the traced threads;
//   - the rate is measured against CLOCK_MONOTONIC, which runs at CLOCK_REALTIME's rate (NTP
//     slews both alike) but is never stepped, over the interval since the previous anchor
//     (0.5-1 s, or longer after an idle time; 5 ms for the first): a step of the system clock
//     moves the next anchor and never enters the rate, and the rate follows NTP's corrections.
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
// the writer, anchoring, is rare): nanos = base_nanos + (tsc - base_tsc) * mult / 2^32.
// A global with constant initialization, so that reading it needs no guard; integer
// arithmetic, so that converting costs a multiply, not an int/double round trip; one cache line.
struct alignas(64) TscConversion {
  std::atomic<unsigned> sequence{0};  // odd while being written
  std::atomic<std::uint64_t> base_tsc{0};
  std::atomic<std::int64_t> base_nanos{0};
  std::atomic<std::uint64_t> mult{0};  // nanoseconds per tick, times 2^32; 0: not calibrated
  // The anchor is fresh while tsc - base_tsc + kTscBehindTicks < fresh_ticks (unsigned):
  // 1 s of ticks plus kTscBehindTicks; 0 (never fresh) until calibrated.
  std::atomic<std::uint64_t> fresh_ticks{0};
};
extern TscConversion g_tsc_conversion;

// How far another core's TSC may read behind the anchor's and still be converted (invariant
// TSCs agree across cores to well under this, ~20 us); a read further behind, or one from
// before a TSC reset (a resume), takes the slow path instead of converting a negative interval.
inline constexpr std::uint64_t kTscBehindTicks = std::uint64_t{1} << 16;

// The slow path: the system clock, while the TSC is being calibrated, when the anchor is stale
// (then it also re-anchors, unless another thread is at it), or when the TSC cannot be used.
std::int64_t now_unix_nanos_slow() noexcept;

inline std::int64_t now_unix_nanos() noexcept {
#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
  const TscConversion& c = g_tsc_conversion;
  const unsigned before = c.sequence.load(std::memory_order_acquire);
  const std::uint64_t mult = c.mult.load(std::memory_order_relaxed);
  const std::uint64_t base_tsc = c.base_tsc.load(std::memory_order_relaxed);
  const std::int64_t base_nanos = c.base_nanos.load(std::memory_order_relaxed);
  const std::uint64_t fresh_ticks = c.fresh_ticks.load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if ((before & 1) == 0 && c.sequence.load(std::memory_order_relaxed) == before) {
    const std::uint64_t ticks = __rdtsc() - base_tsc;
    // One compare for both "calibrated" (fresh_ticks != 0) and "the anchor is not stale".
    if (ticks + kTscBehindTicks < fresh_ticks) {
      // Signed: a TSC read on another core may be a few ticks behind the anchor.
      const auto signed_ticks = static_cast<std::int64_t>(ticks);
      return base_nanos +
             static_cast<std::int64_t>((static_cast<__int128>(signed_ticks) * mult) >> 32);
    }
  }
#endif
  return now_unix_nanos_slow();
}

// CLOCK_REALTIME, always (for tests and anchoring), plus the offset a test set.
std::int64_t system_unix_nanos() noexcept;

// Re-anchors the TSC clock on the system clock when the anchor is half a second old; cheap
// otherwise. Called by the export thread, so that traced threads rarely find a stale anchor.
void recalibrate_clock() noexcept;

// Whether now_unix_nanos reads the TSC (after calibration).
bool clock_uses_tsc() noexcept;

// The test seam: adds `nanos` to every later system_unix_nanos(), the clock span timestamps
// track, as a step of the system clock would (CLOCK_MONOTONIC, the rate's reference, is not
// moved, as a real step does not move it). Only tests call it; 0 is the real clock.
void set_system_clock_offset_for_testing(std::int64_t nanos) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CLOCK_H
