// clock_test.cpp: span timestamps stay on the system clock, TSC or not, after an idle gap and
// across steps of the system clock (simulated through the clock's test seam).
#include "support/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <thread>

namespace mlflow::detail {
namespace {

using std::chrono::milliseconds;

// clock.h's bound: a timestamp within 50 us of CLOCK_REALTIME read at the same instant.
constexpr std::int64_t kBoundNanos = 50'000;
// An anchor is used for 1 s at most (clock.h); a little more, for a gap that outlives it.
constexpr milliseconds kPastStale{1100};

// Past the first calibration (5 ms), whatever the clock reads.
void run_past_calibration() {
  const auto until = std::chrono::steady_clock::now() + milliseconds(20);
  while (std::chrono::steady_clock::now() < until) now_unix_nanos();
}

// One timestamp against the system clock's bracket of it: whether it is within the bound.
::testing::AssertionResult on_the_system_clock() {
  const std::int64_t before = system_unix_nanos();
  const std::int64_t now = now_unix_nanos();
  const std::int64_t after = system_unix_nanos();
  if (now > before - kBoundNanos && now < after + kBoundNanos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << (now < before ? now - before : now - after) / 1000 << " us off the system clock";
}

void expect_on_the_system_clock(int reads) {
  for (int i = 0; i < reads; ++i) EXPECT_TRUE(on_the_system_clock()) << i;
}

// A timestamp and the system clock's bracket of it, the tightest of a few tries: a busy machine
// can preempt the test between two reads, which is not the clock's error.
struct BracketedRead {
  std::int64_t before = 0, now = 0, after = 0;
};

BracketedRead bracketed_read() {
  BracketedRead best{0, 0, INT64_MAX};
  for (int i = 0; i < 20; ++i) {
    BracketedRead read;
    read.before = system_unix_nanos();
    read.now = now_unix_nanos();
    read.after = system_unix_nanos();
    if (read.after - read.before < best.after - best.before) best = read;
  }
  return best;
}

// The clock's duration from `start` to `end` against what the system clock says it was (the
// widest and narrowest readings of its brackets), within `tolerance`.
::testing::AssertionResult duration_on_the_system_clock(const BracketedRead& start,
                                                         const BracketedRead& end,
                                                         std::int64_t tolerance) {
  const std::int64_t elapsed = end.now - start.now;
  const std::int64_t shortest = end.before - start.after;
  const std::int64_t longest = end.after - start.before;
  if (elapsed > shortest - tolerance && elapsed < longest + tolerance) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "the clock measured " << elapsed << " ns, the system clock " << shortest << "-"
         << longest << " ns";
}

// The system clock, moved by the test seam; put back (a step too) when the test ends, and the
// clock given the time to follow it before the next test.
class SimulatedClock {
 public:
  SimulatedClock() = default;
  SimulatedClock(const SimulatedClock&) = delete;
  SimulatedClock& operator=(const SimulatedClock&) = delete;
  ~SimulatedClock() {
    set_system_clock_offset_for_testing(0);
    std::this_thread::sleep_for(kPastStale);
    now_unix_nanos();
  }
  void set_offset(std::int64_t nanos) { set_system_clock_offset_for_testing(nanos); }
};

TEST(Clock, AgreesWithTheSystemClock) {
  run_past_calibration();
  recalibrate_clock();
  expect_on_the_system_clock(1000);
}

TEST(Clock, UsesTheTscWhereItIsInvariant) {
  run_past_calibration();
#if defined(__x86_64__)
  // Our CI machines are x86-64 VMs with an invariant TSC (constant_tsc, nonstop_tsc).
  unsigned eax, ebx, ecx, edx;
  __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(0x80000007u));
  EXPECT_EQ(clock_uses_tsc(), (edx & (1u << 8)) != 0);
#else
  EXPECT_FALSE(clock_uses_tsc());
#endif
}

TEST(Clock, DurationsMatchTheSystemClock) {
  run_past_calibration();
  const BracketedRead start = bracketed_read();
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_TRUE(duration_on_the_system_clock(start, bracketed_read(), 100'000));  // 0.1 ms on 50
}

// No batch for the export thread, so no recalibrate_clock(), for longer than an anchor is used,
// and the system clock stepped meanwhile: the first timestamp after the gap is on the system
// clock already, not extrapolated from the old anchor.
TEST(Clock, FollowsTheSystemClockAfterAnIdleGap) {
  run_past_calibration();
  recalibrate_clock();
  SimulatedClock clock;
  clock.set_offset(5'000'000'000);  // +5 s, while nothing reads the clock
  std::this_thread::sleep_for(kPastStale);
  expect_on_the_system_clock(1000);
}

// The system clock steps by +10 s, -10 s and -10 s again (to 10 s behind): within a second of
// each step, timestamps are back on the system clock, stay there, and advance at its rate (the
// step did not enter the TSC rate).
TEST(Clock, FollowsStepsOfTheSystemClock) {
  run_past_calibration();
  recalibrate_clock();
  SimulatedClock clock;
  constexpr std::int64_t kTenSeconds = 10'000'000'000;
  for (const std::int64_t offset : {kTenSeconds, std::int64_t{0}, -kTenSeconds}) {
    SCOPED_TRACE(offset);
    clock.set_offset(offset);
    // Traces flowing meanwhile: the export thread re-anchors, traced threads read. Once a
    // timestamp is back on the system clock, every later one is (a rate the step got into
    // would carry the next ones away).
    bool back = false;
    const auto until = std::chrono::steady_clock::now() + kPastStale;
    while (std::chrono::steady_clock::now() < until) {
      recalibrate_clock();
      for (int i = 0; i < 10; ++i) {
        if (back) {
          EXPECT_TRUE(on_the_system_clock());
        } else {
          back = on_the_system_clock();
        }
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
    EXPECT_TRUE(back) << "not back on the system clock " << kPastStale.count()
                      << " ms after the step";
    expect_on_the_system_clock(1000);
    const BracketedRead start = bracketed_read();
    std::this_thread::sleep_for(milliseconds(200));
    EXPECT_TRUE(duration_on_the_system_clock(start, bracketed_read(), 200'000));  // 0.1%
    expect_on_the_system_clock(1000);
  }
}

}  // namespace
}  // namespace mlflow::detail
