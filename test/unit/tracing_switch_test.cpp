// tracing_switch_test.cpp: mlflow::tracing::enable/disable/is_enabled, flush, the export queue's
// limits, and fork().
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <string>

#include "test_support.h"

namespace mlflow::testing {
namespace {

class TracingSwitchTest : public TracingTest {};

TEST_F(TracingSwitchTest, DisabledTracingRecordsNothing) {
  EXPECT_TRUE(mlflow::tracing::is_enabled());
  mlflow::tracing::disable();
  EXPECT_FALSE(mlflow::tracing::is_enabled());
  {
    auto root = mlflow::start_span("root");
    EXPECT_FALSE(root.is_recording());
    EXPECT_EQ(root.trace_id(), "");
    root.set_inputs(1).set_attribute("k", 2).add_event("e");  // all ignored
    auto child = mlflow::start_span("child");
    EXPECT_FALSE(child.is_recording());
    EXPECT_FALSE(mlflow::get_current_active_span().is_recording());
  }
  EXPECT_TRUE(stored_traces().empty());
  mlflow::tracing::enable();
  { auto root = mlflow::start_span("after"); }
  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 1u);
  EXPECT_EQ(traces[0]["info"]["tags"]["mlflow.traceName"], "after");
}

TEST_F(TracingSwitchTest, SpansStartedBeforeDisableFinishNormally) {
  {
    auto root = mlflow::start_span("root");
    mlflow::tracing::disable();
    auto skipped = mlflow::start_span("skipped");
    EXPECT_FALSE(skipped.is_recording());
    mlflow::tracing::enable();
    auto kept = mlflow::start_span("kept");
    EXPECT_TRUE(kept.is_recording());
  }
  auto spans = only_trace()["data"]["spans"];
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1]["name"], "kept");
}

TEST_F(TracingSwitchTest, FlushWritesEverythingCompletedBeforeIt) {
  for (int i = 0; i < 200; ++i) {
    auto root = mlflow::start_span("root");
    root.set_inputs(i);
  }
  ASSERT_TRUE(mlflow::tracing::flush());
  std::size_t lines = 0;
  detail::LocalTraceStore::read(dir_, [&](nlohmann::json&&) { ++lines; });
  EXPECT_EQ(lines, 200u);
}

class SmallQueueTest : public TracingTest {
  void configure(detail::Config& config) override { config.max_queued_traces = 1; }
};

TEST_F(SmallQueueTest, AFullQueueSpillsTracesInsteadOfBlockingOrDropping) {
  // Far more traces than the queue holds, completed faster than the export thread takes them:
  // those that find it full are written to the store by this thread, none blocks on the export
  // thread, none is lost, and every trace is whole.
  const auto before = mlflow::tracing::stats();
  for (int i = 0; i < 2000; ++i) {
    auto root = mlflow::start_span("root");
    auto child = mlflow::start_span("child");
  }
  auto traces = stored_traces();
  EXPECT_EQ(traces.size(), 2000u);
  for (const auto& trace : traces) EXPECT_EQ(trace["data"]["spans"].size(), 2u);
  const auto after = mlflow::tracing::stats();
  EXPECT_EQ(after.traces_completed - before.traces_completed, 2000u);
  EXPECT_GT(after.traces_spilled - before.traces_spilled, 0u);
  EXPECT_EQ(after.traces_dropped - before.traces_dropped, 0u);
}

// fork(): the child traces on its own (its export thread starts with its first trace), and
// traces the parent had queued are exported once, by the parent, not again by the child.
TEST_F(TracingTest, ForkedChildrenExportTheirOwnTracesOnly) {
  for (int i = 0; i < 5; ++i) auto span = mlflow::start_span("parent-before-fork");  // queued
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    { auto span = mlflow::start_span("child"); }
    const bool flushed = mlflow::tracing::flush(std::chrono::seconds(10));
    ::_exit(flushed ? 0 : 1);  // not the parent's atexit handlers or GoogleTest's reporting
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  { auto span = mlflow::start_span("parent-after-fork"); }
  std::map<std::string, int> names;
  for (const auto& trace : stored_traces()) ++names[trace["data"]["spans"][0]["name"].get<std::string>()];
  EXPECT_EQ(names, (std::map<std::string, int>{
                       {"child", 1}, {"parent-after-fork", 1}, {"parent-before-fork", 5}}));
}

// A memory budget of about ten small traces: the queue never holds more than that, whatever the
// trace count limit; what does not fit is spilled, not lost.
class MemoryBudgetTest : public TracingTest {
  void configure(detail::Config& config) override {
    config.max_queued_traces = 100000;
    config.max_queued_bytes = 10 * 4000;
  }
};

TEST_F(MemoryBudgetTest, TheQueueKeepsToItsMemoryBudget) {
  const std::string big(2000, 'x');  // each trace holds a little over 2 KB
  const auto before = mlflow::tracing::stats();
  std::size_t most_queued = 0;
  for (int i = 0; i < 2000; ++i) {
    {
      auto root = mlflow::start_span("root");
      root.set_inputs({{"text", big}});
    }
    most_queued = std::max(most_queued, detail::Runtime::get().queued_bytes_for_testing());
  }
  EXPECT_LE(most_queued, 10u * 4000);
  auto traces = stored_traces();
  EXPECT_EQ(traces.size(), 2000u);  // spilled (said once), none blocked, none lost
  for (const auto& trace : traces)
    EXPECT_EQ(trace["data"]["spans"][0]["attributes"]["mlflow.spanInputs"].get<std::string>().size(),
              big.size() + 12);  // {"text": "..."}: whole
  EXPECT_GT(mlflow::tracing::stats().traces_spilled - before.traces_spilled, 0u);
}

}  // namespace
}  // namespace mlflow::testing
