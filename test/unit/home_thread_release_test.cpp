// home_thread_release_test.cpp: exported traces go back to the box of the thread that made
// them, whatever order they were exported in.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/completed_trace.h"
#include "core/home_thread_release.h"

namespace mlflow::detail {
namespace {

// Traces of many threads arrive interleaved (one inbox); each must reach its own box, also
// with more homes than release_at_home keeps batches open for, and more traces per home than
// one batch holds. Traces without a home are freed on the spot.
TEST(HomeThreadRelease, InterleavedTracesReachTheirOwnHomes) {
  constexpr std::size_t kHomes = 11;
  constexpr std::size_t kTraces = 3000;
  std::vector<ReleaseBox> boxes(kHomes);
  for (int round = 0; round < 3; ++round) {  // later rounds refill batches given back earlier
    std::vector<std::unique_ptr<CompletedTrace>> exported;
    std::vector<std::size_t> expected(kHomes, 0);
    for (std::size_t i = 0; i < kTraces; ++i) {
      auto trace = std::make_unique<CompletedTrace>();
      // Runs of one home and single interleaved traces, as two busy threads produce them.
      const std::size_t home = (i / 7) % 2 == 0 ? (i / 7) % kHomes : i % kHomes;
      if (i % 101 != 0) {
        trace->home = &boxes[home];
        ++expected[home];
      }
      exported.push_back(std::move(trace));
    }
    release_at_home(exported);
    EXPECT_TRUE(exported.empty());
    for (std::size_t h = 0; h < kHomes; ++h) {
      EXPECT_EQ(boxes[h].pending_traces(), expected[h]) << "home " << h << ", round " << round;
      boxes[h].release_pending();
      EXPECT_EQ(boxes[h].pending_traces(), 0u);
    }
  }
}

}  // namespace
}  // namespace mlflow::detail
