// sampling_test.cpp: MLFLOW_TRACE_SAMPLING_RATIO decides on root spans; children follow.
#include <cstdlib>
#include <thread>

#include "test_support.h"

namespace mlflow::testing {
namespace {

class SamplingTest : public TracingTest, public ::testing::WithParamInterface<double> {
  void configure(detail::Config& config) override {
    config.sampling_ratio = GetParam();
    config.max_queued_traces = 100000;  // this test is about sampling, not about a full queue
  }
};

TEST_P(SamplingTest, RootsAreSampledAtTheRatioAndChildrenFollow) {
  constexpr int kRoots = 2000;
  int recording_roots = 0;
  for (int i = 0; i < kRoots; ++i) {
    auto root = mlflow::start_span("root");
    recording_roots += root.is_recording();
    auto child = mlflow::start_span("child");
    EXPECT_EQ(child.is_recording(), root.is_recording());
    // A thread carrying an unsampled context stays unsampled (it does not start a new trace).
    std::thread([ctx = mlflow::Context::current(), sampled = root.is_recording()] {
      auto scope = ctx.attach();
      auto worker = mlflow::start_span("worker");
      EXPECT_EQ(worker.is_recording(), sampled);
    }).join();
  }
  auto traces = stored_traces();
  EXPECT_EQ(traces.size(), static_cast<std::size_t>(recording_roots));
  for (const auto& trace : traces) EXPECT_EQ(trace["data"]["spans"].size(), 3u);
  const double ratio = GetParam();
  if (ratio == 0.0) EXPECT_EQ(recording_roots, 0);
  if (ratio == 1.0) EXPECT_EQ(recording_roots, kRoots);
  if (ratio == 0.5) {  // binomial: sd ~22, so +-100 is over 4 sd
    EXPECT_GT(recording_roots, 900);
    EXPECT_LT(recording_roots, 1100);
  }
}

INSTANTIATE_TEST_SUITE_P(Ratios, SamplingTest, ::testing::Values(0.0, 0.5, 1.0));

TEST(SamplingConfig, RatioIsReadFromTheEnvironmentAndBadValuesAreIgnored) {
  setenv("MLFLOW_TRACE_SAMPLING_RATIO", "0.25", 1);
  EXPECT_EQ(detail::Config::from_environment().sampling_ratio, 0.25);
  setenv("MLFLOW_TRACE_SAMPLING_RATIO", "1.5", 1);  // outside [0, 1]: ignored, as MLflow does
  EXPECT_EQ(detail::Config::from_environment().sampling_ratio, 1.0);
  setenv("MLFLOW_TRACE_SAMPLING_RATIO", "half", 1);
  EXPECT_EQ(detail::Config::from_environment().sampling_ratio, 1.0);
  unsetenv("MLFLOW_TRACE_SAMPLING_RATIO");
}

}  // namespace
}  // namespace mlflow::testing
