// clock_test.cpp: span timestamps stay on the system clock, TSC or not.
#include "support/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace mlflow::detail {
namespace {

TEST(Clock, AgreesWithTheSystemClock) {
  // Past the first calibration (5 ms), whatever the clock reads.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  while (std::chrono::steady_clock::now() < until) now_unix_nanos();
  recalibrate_clock();
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t before = system_unix_nanos();
    const std::int64_t now = now_unix_nanos();
    const std::int64_t after = system_unix_nanos();
    // Within 50 us of the system clock's bracket: a tick rate error of 5 ppm over the 1 s
    // anchor interval is 5 us, far inside this.
    EXPECT_GT(now, before - 50'000) << i;
    EXPECT_LT(now, after + 50'000) << i;
  }
}

TEST(Clock, UsesTheTscWhereItIsInvariant) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  while (std::chrono::steady_clock::now() < until) now_unix_nanos();
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
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  while (std::chrono::steady_clock::now() < until) now_unix_nanos();
  const std::int64_t start = now_unix_nanos();
  const std::int64_t system_start = system_unix_nanos();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::int64_t elapsed = now_unix_nanos() - start;
  const std::int64_t system_elapsed = system_unix_nanos() - system_start;
  EXPECT_LT(std::llabs(elapsed - system_elapsed), 100'000);  // 0.1 ms on 50 ms
}

}  // namespace
}  // namespace mlflow::detail
