// server_exporters_test.cpp: how the core learns about libmlflow-cpp-server's exporters
// (export/server_exporters.h), and what it does without them.
#include <gtest/gtest.h>

#include <string>

#include "export/server_exporters.h"
#include "test_support.h"

namespace mlflow::testing {
namespace {

// The tests link every object, like the CLI: the server library's registration must have been
// kept out of the static archive by -u mlflow_cpp_server_anchor and have run.
TEST(ServerExporters, RegisteredByTheServerLibrary) {
  const detail::ServerExporters* table = detail::registered_server_exporters();
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->version, detail::kServerExportersVersion);
  EXPECT_NE(table->otlp_collector, nullptr);
  EXPECT_NE(table->mlflow_server, nullptr);
}

TEST(ServerExporters, ATableFromAnotherBuildIsRefused) {
  const detail::ServerExporters* before = detail::registered_server_exporters();
  detail::ServerExporters other;
  other.version = detail::kServerExportersVersion + 1;
  ::testing::internal::CaptureStderr();
  mlflow_cpp_register_server_exporters(&other);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(detail::registered_server_exporters(), before);
  EXPECT_NE(err.find("another build"), std::string::npos) << err;
}

// A program linked with libmlflow-cpp alone: the table is missing.
class WithoutServerLibrary : public TracingTest {
 protected:
  void SetUp() override {
    saved_ = detail::registered_server_exporters();
    mlflow_cpp_register_server_exporters(nullptr);
    ::testing::internal::CaptureStderr();
    TracingTest::SetUp();  // builds the runtime's exporters from configure()
    stderr_ = ::testing::internal::GetCapturedStderr();
  }
  void TearDown() override {
    TracingTest::TearDown();
    mlflow_cpp_register_server_exporters(saved_);
  }

  const detail::ServerExporters* saved_ = nullptr;
  std::string stderr_;
};

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class TrackingServerWithoutServerLibrary : public WithoutServerLibrary {
  void configure(detail::Config& config) override { config.tracking.uri = "http://127.0.0.1:9"; }
};

TEST_F(TrackingServerWithoutServerLibrary, WarnsOnceAndWritesTheLocalStore) {
  EXPECT_EQ(count(stderr_, "not linked with libmlflow-cpp-server"), 1) << stderr_;
  EXPECT_NE(stderr_.find("MLFLOW_TRACKING_URI (http://127.0.0.1:9) asks for a server"),
            std::string::npos) << stderr_;
  { auto span = mlflow::start_span("kept"); }
  const auto trace = only_trace();
  EXPECT_EQ(trace["info"]["tags"]["mlflow.traceName"], "kept");
}

class BothServersWithoutServerLibrary : public WithoutServerLibrary {
  void configure(detail::Config& config) override {
    config.tracking.uri = "http://127.0.0.1:9";
    config.otlp.traces_endpoint = "http://127.0.0.1:9/v1/traces";
    config.otlp.dual_export = true;
  }
};

TEST_F(BothServersWithoutServerLibrary, OneDiagnosticNamesBothAndOneStoreGetsTheTrace) {
  EXPECT_EQ(count(stderr_, "not linked with libmlflow-cpp-server"), 1) << stderr_;
  EXPECT_NE(stderr_.find("OTEL_EXPORTER_OTLP_ENDPOINT (http://127.0.0.1:9/v1/traces) and "
                         "MLFLOW_TRACKING_URI (http://127.0.0.1:9) ask for a server"),
            std::string::npos) << stderr_;
  { auto span = mlflow::start_span("once"); }
  EXPECT_EQ(stored_traces().size(), 1u);  // written once, not once per missing exporter
}

class LocalStoreWithoutServerLibrary : public WithoutServerLibrary {};

TEST_F(LocalStoreWithoutServerLibrary, SaysNothing) {
  EXPECT_EQ(count(stderr_, "libmlflow-cpp-server"), 0) << stderr_;
}

}  // namespace
}  // namespace mlflow::testing
