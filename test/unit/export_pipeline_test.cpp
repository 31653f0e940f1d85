// export_pipeline_test.cpp: a full export queue spills to the local store instead of dropping
// (export/export_pipeline.h). The exporter is the real local store's, held up by a gate while
// the queue fills, the way a slow tracking server holds up the export thread.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <mlflow/span.h>
#include <mlflow/tracing.h>

#include "export/export_pipeline.h"
#include "export/local_store/local_store_exporter.h"
#include "test_support.h"

namespace mlflow::testing {
namespace {

// The local store's exporter, whose export_traces waits until the gate opens.
class GatedStoreExporter final : public detail::TraceExporter {
 public:
  GatedStoreExporter(std::filesystem::path dir, std::shared_ptr<struct Gate> gate);
  void export_traces(const std::vector<std::unique_ptr<detail::CompletedTrace>>& batch,
                     const detail::ExportDeadline& deadline) noexcept override;
  std::size_t keep_locally(const detail::CompletedTrace& trace) noexcept override {
    return store_.keep_locally(trace);
  }
  void write_kept() noexcept override { store_.write_kept(); }

 private:
  detail::LocalStoreExporter store_;
  std::shared_ptr<Gate> gate_;
};

struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;
  int batches_waiting = 0;
  void let_through() {
    std::lock_guard<std::mutex> lock(mutex);
    open = true;
    changed.notify_all();
  }
  void wait_for_a_batch() {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return batches_waiting > 0; });
  }
};

GatedStoreExporter::GatedStoreExporter(std::filesystem::path dir, std::shared_ptr<Gate> gate)
    : store_(std::move(dir)), gate_(std::move(gate)) {}

void GatedStoreExporter::export_traces(
    const std::vector<std::unique_ptr<detail::CompletedTrace>>& batch,
    const detail::ExportDeadline& deadline) noexcept {
  {
    std::unique_lock<std::mutex> lock(gate_->mutex);
    ++gate_->batches_waiting;
    gate_->changed.notify_all();
    gate_->changed.wait(lock, [&] { return gate_->open; });
  }
  store_.export_traces(batch, deadline);
}

class SpillTest : public TracingTest {
 protected:
  void start(std::size_t max_spilled_bytes) {
    detail::Config config;
    config.trace_dir = dir_;
    config.max_queued_traces = 4;
    config.max_spilled_bytes = max_spilled_bytes;
    detail::Runtime::reset_for_testing(config, std::make_unique<GatedStoreExporter>(dir_, gate_));
  }
  void TearDown() override {
    gate_->let_through();
    TracingTest::TearDown();
  }

  // Completes `n` one-span traces named by number; returns their names.
  std::set<std::string> complete_traces(int n) {
    std::set<std::string> names;
    for (int i = 0; i < n; ++i) {
      names.insert("t" + std::to_string(i));
      auto span = start_span("t" + std::to_string(i));
      if (i == 0) {
        span.end();
        gate_->wait_for_a_batch();  // the export thread is now stuck on the first trace
      }
    }
    return names;
  }

  std::set<std::string> stored_names() {
    std::set<std::string> names;
    for (const auto& trace : stored_traces()) names.insert(trace["data"]["spans"][0]["name"].get<std::string>());
    return names;
  }

  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
};

TEST_F(SpillTest, AFullQueueSpillsToTheLocalStoreAndLosesNothing) {
  start(std::size_t{1} << 30);
  const auto before = tracing::stats();
  const auto names = complete_traces(50);
  const auto during = tracing::stats();
  EXPECT_EQ(during.traces_completed - before.traces_completed, 50u);
  // One trace is with the stuck exporter, four wait in the queue: the rest were spilled.
  EXPECT_EQ(during.traces_spilled - before.traces_spilled, 45u);
  EXPECT_EQ(during.traces_dropped - before.traces_dropped, 0u);
  gate_->let_through();
  const auto stored = stored_traces();
  EXPECT_EQ(stored.size(), 50u);  // each once
  EXPECT_EQ(stored_names(), names);
}

TEST_F(SpillTest, BeyondTheSpillBudgetTracesAreDroppedAndCounted) {
  start(0);  // MLFLOW_CPP_SPILL_MAX_BYTES=0: never spill
  const auto before = tracing::stats();
  complete_traces(50);
  const auto during = tracing::stats();
  EXPECT_EQ(during.traces_spilled - before.traces_spilled, 0u);
  EXPECT_EQ(during.traces_dropped - before.traces_dropped, 45u);
  gate_->let_through();
  EXPECT_EQ(stored_traces().size(), 5u);
}

TEST_F(SpillTest, TheSpillBudgetIsInBytesWritten) {
  // Room for a few one-span lines (each well under 2 KiB), not for 45.
  start(8 * 1024);
  const auto before = tracing::stats();
  complete_traces(50);
  const auto during = tracing::stats();
  const auto spilled = during.traces_spilled - before.traces_spilled;
  EXPECT_GE(spilled, 3u);
  EXPECT_LE(spilled, 20u);
  EXPECT_EQ(spilled + during.traces_dropped - before.traces_dropped, 45u);
  gate_->let_through();
  EXPECT_EQ(stored_traces().size(), 5u + spilled);
}

TEST(ExportPipelineShutdown, ATraceCompletedAfterShutdownIsSpilled) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mlflow-cpp-test-" + std::to_string(std::random_device{}()));
  detail::ExportPipeline::Limits limits;
  limits.max_spilled_bytes = 1 << 20;
  detail::ExportPipeline pipeline(std::make_unique<detail::LocalStoreExporter>(dir), limits);
  pipeline.shutdown(std::chrono::seconds(5));
  auto trace = std::make_unique<detail::CompletedTrace>();
  trace->trace_id = detail::TraceId{1, 2};
  auto root = std::make_unique<detail::SpanRecord>(nullptr, 7, 0, detail::SpanName("late"), "UNKNOWN");
  root->ended = true;
  trace->spans.push_back(std::move(root));
  EXPECT_TRUE(pipeline.submit(std::move(trace)));
  EXPECT_EQ(pipeline.spilled(), 1u);
  EXPECT_EQ(pipeline.dropped(), 0u);
  std::vector<nlohmann::json> stored;
  detail::LocalTraceStore::read(dir, [&](nlohmann::json&& t) { stored.push_back(std::move(t)); });
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]["data"]["spans"][0]["name"], "late");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mlflow::testing
