// destination_test.cpp: where traces go, changed from code (mlflow/tracing.h: set_destination,
// set_tracking_uri, set_experiment_id; runtime.cpp's reconfigure over
// export/destination_switch.h), checked on the local stores. The same against a real MLflow
// server: test/server/test_configuration_api.py.
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/local_trace_store.h"
#include "test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;
using tracing::Destination;

class DestinationTest : public TracingTest {
 protected:
  // The names of the traces in the local store `dir`.
  static std::multiset<std::string> names_in(const std::filesystem::path& dir) {
    std::multiset<std::string> names;
    detail::LocalTraceStore::read(dir, [&](json&& trace) {
      names.insert(trace["info"]["tags"]["mlflow.traceName"].get<std::string>());
    });
    return names;
  }
  void TearDown() override {
    TracingTest::TearDown();
    for (const auto& dir : extra_dirs_) std::filesystem::remove_all(dir);
  }
  std::filesystem::path extra_dir(const std::string& name) {
    extra_dirs_.push_back(dir_.string() + "-" + name);
    return extra_dirs_.back();
  }
  std::vector<std::filesystem::path> extra_dirs_;
};

// Traces completed before a switch stay where they were going; later ones go to the new store.
TEST_F(DestinationTest, LocalStoreSwitchSendsLaterTracesToTheNewStore) {
  const auto other = extra_dir("other");
  { auto span = mlflow::start_span("before"); }
  ASSERT_TRUE(tracing::set_destination(Destination::local_store(other.string())));
  { auto span = mlflow::start_span("after"); }
  ASSERT_TRUE(tracing::flush());
  EXPECT_EQ(names_in(dir_), std::multiset<std::string>{"before"});
  EXPECT_EQ(names_in(other), std::multiset<std::string>{"after"});
}

// A trace open across the switch goes where the switch sends it when it completes.
TEST_F(DestinationTest, ATraceOpenAcrossTheSwitchGoesToTheNewDestination) {
  const auto other = extra_dir("other");
  {
    auto span = mlflow::start_span("open_across");
    ASSERT_TRUE(tracing::set_destination(Destination::local_store(other.string())));
  }
  ASSERT_TRUE(tracing::flush());
  EXPECT_TRUE(names_in(dir_).empty());
  EXPECT_EQ(names_in(other), std::multiset<std::string>{"open_across"});
}

// set_experiment_id: the experiment a trace in the local store names; set_experiment(name)
// leaves the local store's experiment at 0 (the store knows no names).
TEST_F(DestinationTest, ExperimentIdIsRecordedInTheTraceLocation) {
  mlflow::set_experiment_id("42");
  { auto span = mlflow::start_span("in_42"); }
  mlflow::set_experiment("by-name");
  { auto span = mlflow::start_span("by_name"); }
  ASSERT_TRUE(tracing::set_destination(Destination::mlflow_experiment("7")));
  { auto span = mlflow::start_span("in_7"); }
  std::map<std::string, std::string> experiment;
  for (const json& trace : stored_traces())
    experiment[trace["info"]["tags"]["mlflow.traceName"]] =
        trace["info"]["trace_location"]["mlflow_experiment"]["experiment_id"];
  EXPECT_EQ(experiment, (std::map<std::string, std::string>{
                            {"in_42", "42"}, {"by_name", "0"}, {"in_7", "7"}}));
}

// Refused settings say so and change nothing.
TEST_F(DestinationTest, RefusedSettingsChangeNothing) {
  EXPECT_FALSE(mlflow::set_tracking_uri("sqlite:///mlflow.db"));
  EXPECT_FALSE(mlflow::set_tracking_uri("file:///tmp/mlruns"));
  EXPECT_FALSE(tracing::set_destination(Destination::mlflow_experiment("")));
  EXPECT_FALSE(tracing::set_destination(Destination::mlflow_experiment("1", "ftp://host")));
  EXPECT_FALSE(tracing::set_destination(Destination::local_store("")));
  EXPECT_FALSE(tracing::set_destination(Destination::otlp_collector("collector:4318")));
  EXPECT_EQ(mlflow::get_tracking_uri(), "");
  { auto span = mlflow::start_span("still_here"); }
  ASSERT_TRUE(tracing::flush());
  EXPECT_EQ(names_in(dir_), std::multiset<std::string>{"still_here"});
}

// get_tracking_uri follows set_tracking_uri, without a trailing slash; "" is the local store.
TEST_F(DestinationTest, TrackingUriIsKeptWithoutTrailingSlash) {
  ASSERT_TRUE(mlflow::set_tracking_uri("http://127.0.0.1:9/prefix//"));
  EXPECT_EQ(mlflow::get_tracking_uri(), "http://127.0.0.1:9/prefix");
  ASSERT_TRUE(mlflow::set_tracking_uri(""));
  EXPECT_EQ(mlflow::get_tracking_uri(), "");
}

// Threads completing traces while the destination switches back and forth: each trace lands
// in exactly one store, none is lost or written twice (a small queue, so that threads also
// keep traces themselves, through the switch, while it changes).
class DestinationSwitchTest : public DestinationTest {
  void configure(detail::Config& config) override { config.max_queued_traces = 4; }
};

TEST_F(DestinationSwitchTest, EveryTraceLandsOnceWhileSwitching) {
  const auto a = extra_dir("a"), b = extra_dir("b");
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  std::atomic<int> made{0};
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop.load() || i < 50; ++i) {
        auto span = mlflow::start_span("t" + std::to_string(t) + "-" + std::to_string(i));
        made.fetch_add(1);
      }
    });
  }
  for (int round = 0; round < 20; ++round)
    ASSERT_TRUE(tracing::set_destination(
        Destination::local_store((round % 2 == 0 ? a : b).string())));
  stop.store(true);
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(tracing::flush());
  std::multiset<std::string> all = names_in(dir_);
  for (const auto& dir : {a, b}) all.merge(names_in(dir));
  EXPECT_EQ(all.size(), static_cast<std::size_t>(made.load()));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  EXPECT_EQ(tracing::stats().traces_dropped, 0u);
}

}  // namespace
}  // namespace mlflow::testing
