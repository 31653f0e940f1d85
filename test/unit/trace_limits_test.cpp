// trace_limits_test.cpp: the bounds on what traces hold (core/trace_limits.h): a trace cut at
// MLFLOW_CPP_MAX_TRACE_BYTES keeps its first spans and says how many it left out; the memory
// budget counts traces still open, so a program with one huge open trace stops recording new
// spans (and new traces) instead of growing; mlflow::tracing::stats() counts what was left out.
#include <string>
#include <thread>

#include <mlflow/span.h>
#include <mlflow/tracing.h>

#include "core/trace_limits.h"
#include "test_support.h"

namespace mlflow::testing {
namespace {

const std::string kKilobyte(1024, 'x');

std::size_t span_count(const nlohmann::json& trace) { return trace["data"]["spans"].size(); }

std::string tag(const nlohmann::json& trace, const std::string& key) {
  const auto& tags = trace["info"]["tags"];
  return tags.contains(key) ? tags[key].get<std::string>() : "<absent>";
}

class TraceBytesCapTest : public TracingTest {
  void configure(detail::Config& config) override { config.max_trace_bytes = 64 * 1024; }
};

TEST_F(TraceBytesCapTest, ATraceIsCutAtItsSizeWithAMarkerAndTheRestCounted) {
  const auto before = tracing::stats();
  {
    auto root = start_span("root");
    for (int i = 0; i < 1000; ++i) {
      auto child = start_span("child");
      child.set_inputs(kKilobyte);  // about 1 KiB each, as recorded
    }
  }
  const auto trace = only_trace();
  const std::size_t recorded = span_count(trace);
  // The cap is reached after about 64 spans of 1 KiB (less: each record costs its own bytes
  // too), and nothing is recorded after it.
  EXPECT_GE(recorded, 30u);
  EXPECT_LE(recorded, 65u);
  const std::string marker = tag(trace, "mlflow.cpp.maxTraceBytesReached");
  EXPECT_NE(marker.find(std::to_string(recorded) + " spans recorded; " +
                        std::to_string(1001 - recorded) + " more"),
            std::string::npos)
      << marker;
  EXPECT_NE(marker.find("MLFLOW_CPP_MAX_TRACE_BYTES"), std::string::npos);
  EXPECT_EQ(tracing::stats().spans_left_out - before.spans_left_out, 1001 - recorded);
  // The root is always kept, and ends the trace as usual.
  EXPECT_EQ(trace["data"]["spans"][0]["name"], "root");
}

TEST_F(TraceBytesCapTest, ASmallTraceHasNoMarker) {
  {
    auto root = start_span("root");
    auto child = start_span("child");
    child.set_inputs(kKilobyte);
  }
  const auto trace = only_trace();
  EXPECT_EQ(span_count(trace), 2u);
  EXPECT_EQ(tag(trace, "mlflow.cpp.maxTraceBytesReached"), "<absent>");
}

class OpenTraceBudgetTest : public TracingTest {
  void configure(detail::Config& config) override {
    config.max_queued_bytes = 256 * 1024;
    config.max_trace_bytes = 0;  // no per-trace cap: only the budget bounds the open trace
  }
};

TEST_F(OpenTraceBudgetTest, OpenTracesCountAgainstTheBudget) {
  const auto before = tracing::stats();
  {
    auto root = start_span("huge");
    for (int i = 0; i < 2000; ++i) {
      auto child = start_span("child");
      child.set_inputs(kKilobyte);
    }
    // What the open trace published stays below the budget plus one publication step.
    EXPECT_LT(detail::g_open_trace_bytes.load(), 256u * 1024 + detail::kPublishStep + 4096);
    EXPECT_TRUE(detail::Runtime::get().memory_full());
    // Meanwhile a new trace (on another thread: here it would be a child) is not recorded at
    // all, and counted.
    std::thread([] { auto other = start_span("other"); }).join();
    EXPECT_EQ(tracing::stats().traces_dropped - before.traces_dropped, 1u);
  }
  // Once the huge trace completed and was exported, the budget is free again.
  const auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 1u);
  const std::size_t recorded = span_count(traces[0]);
  EXPECT_GE(recorded, 100u);
  EXPECT_LE(recorded, 260u);
  EXPECT_NE(tag(traces[0], "mlflow.cpp.memoryBudgetReached").find(std::to_string(2001 - recorded) + " more"),
            std::string::npos)
      << tag(traces[0], "mlflow.cpp.memoryBudgetReached");
  EXPECT_EQ(detail::g_open_trace_bytes.load(), 0u);
  EXPECT_FALSE(detail::Runtime::get().memory_full());
  { auto later = start_span("later"); }
  EXPECT_EQ(stored_traces().size(), 2u);
}

}  // namespace
}  // namespace mlflow::testing
