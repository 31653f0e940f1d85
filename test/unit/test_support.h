// test_support.h: runs each test against a fresh runtime writing to its own local trace store,
// and reads the store back, so tests check what a user would find on disk.
#ifndef MLFLOW_TEST_SUPPORT_H
#define MLFLOW_TEST_SUPPORT_H

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/capture.h>  // JSON values given to spans
#include <mlflow/trace.h>

#include "config/config.h"
#include "store/local_trace_store.h"
#include "runtime.h"

namespace mlflow::testing {

class TracingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mlflow-cpp-test-" + std::to_string(std::random_device{}()));
    std::filesystem::remove_all(dir_);
    detail::Config config;
    config.trace_dir = dir_;
    configure(config);
    detail::Runtime::reset_for_testing(config);
    mlflow::tracing::enable();
  }

  void TearDown() override {
    mlflow::tracing::enable();
    std::filesystem::remove_all(dir_);
  }

  // Lets a test change the configuration before the runtime starts.
  virtual void configure(detail::Config&) {}

  // Every trace in the store, after flushing what was completed so far.
  std::vector<nlohmann::json> stored_traces() {
    EXPECT_TRUE(mlflow::tracing::flush(std::chrono::seconds(10)));
    std::vector<nlohmann::json> traces;
    detail::LocalTraceStore::read(dir_, [&](nlohmann::json&& t) { traces.push_back(std::move(t)); });
    return traces;
  }

  // The single stored trace (fails the test when there is not exactly one).
  nlohmann::json only_trace() {
    auto traces = stored_traces();
    EXPECT_EQ(traces.size(), 1u);
    return traces.empty() ? nlohmann::json() : traces.front();
  }

  std::filesystem::path dir_;
};

// The span named `name` in a stored trace (null when absent).
inline nlohmann::json span_named(const nlohmann::json& trace, const std::string& name) {
  for (const auto& span : trace["data"]["spans"])
    if (span["name"] == name) return span;
  ADD_FAILURE() << "no span named " << name;
  return nlohmann::json();
}

// A span attribute, decoded from the JSON text MLflow stores it as.
inline nlohmann::json attribute(const nlohmann::json& span, const std::string& key) {
  auto it = span["attributes"].find(key);
  if (it == span["attributes"].end()) return nlohmann::json("<absent>");
  return nlohmann::json::parse(it->get<std::string>());
}

}  // namespace mlflow::testing

#endif  // MLFLOW_TEST_SUPPORT_H
