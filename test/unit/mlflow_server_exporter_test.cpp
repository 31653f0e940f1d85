// mlflow_server_exporter_test.cpp: the MLflow exporter's requests and its decisions when the
// server fails, against a scripted server. What the real MLflow server makes of the requests is
// checked end to end in test/server/.
#include "export/mlflow_server/mlflow_server_exporter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>

#include "store/local_trace_store.h"
#include "scripted_http_server.h"
#include "export/mlflow_server/undelivered_trace.h"

namespace mlflow::detail {
namespace {

using mlflow::testing::ScriptedHttpServer;
using namespace std::chrono_literals;

std::unique_ptr<CompletedTrace> one_span_trace(const std::string& name) {
  auto trace = std::make_unique<CompletedTrace>();
  trace->trace_id = new_trace_id();
  trace->experiment_id = "0";
  auto span = std::make_unique<SpanRecord>();
  span->span_id = new_span_id();
  span->name = name;
  span->span_type = "CHAIN";
  span->start_unix_nano = 1764000000000000000;
  span->end_unix_nano = 1764000000532000000;
  span->status = SpanStatusCode::OK;
  span->has_inputs = true;
  span->inputs = nlohmann::json{{"question", "hi"}};
  span->has_outputs = true;
  span->outputs = "hello";
  span->ended = true;
  trace->spans.push_back(std::move(span));
  return trace;
}

class MlflowServerExporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mlflow-cpp-exporter-test-" + std::to_string(std::random_device{}()));
    settings_.uri = server_.url();
    settings_.retry_timeout = 300ms;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void export_one(MlflowServerExporter& exporter, const std::string& name) {
    std::vector<std::unique_ptr<CompletedTrace>> batch;
    batch.push_back(one_span_trace(name));
    exporter.export_traces(batch, deadline_);
  }

  std::vector<nlohmann::json> kept() {
    std::vector<nlohmann::json> lines;
    LocalTraceStore(dir_, LocalTraceStore::kUndeliveredFileName)
        .read_own_file([&](nlohmann::json&& line) { lines.push_back(std::move(line)); });
    return lines;
  }

  std::vector<ScriptedHttpServer::Received> requests_to(const std::string& path_prefix) {
    std::vector<ScriptedHttpServer::Received> out;
    for (auto& r : server_.received())
      if (r.target.rfind(path_prefix, 0) == 0) out.push_back(r);
    return out;
  }

  ScriptedHttpServer server_;
  TrackingServerSettings settings_;
  ExportDeadline deadline_;
  std::filesystem::path dir_;
};

const ScriptedHttpServer::Response kJsonOk{200, {{"Content-Type", "application/json"}}, "{}"};
ScriptedHttpServer::Response json(int status, const nlohmann::json& body) {
  return {status, {{"Content-Type", "application/json"}}, body.dump()};
}
ScriptedHttpServer::Response stored_in_db() {
  return json(200, {{"trace", {{"trace_info", {{"tags", {{"mlflow.trace.spansLocation", "TRACKING_STORE"}}}}}}}});
}

TEST_F(MlflowServerExporterTest, CreatesTheNamedExperimentThenSendsSpansThenTraceInfo) {
  settings_.experiment_name = "my app";
  settings_.authorization = "Bearer secret";
  server_.script({json(404, {{"error_code", "RESOURCE_DOES_NOT_EXIST"}, {"message", "no"}}),
                  json(200, {{"experiment_id", "42"}}), kJsonOk, stored_in_db()});
  MlflowServerExporter exporter(settings_, dir_);
  export_one(exporter, "answer");

  auto received = server_.received();
  ASSERT_EQ(received.size(), 4u);
  EXPECT_EQ(received[0].target, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=my%20app");
  EXPECT_EQ(received[1].target, "/api/2.0/mlflow/experiments/create");
  EXPECT_EQ(nlohmann::json::parse(received[1].body), nlohmann::json({{"name", "my app"}}));
  EXPECT_EQ(received[2].method, "POST");
  EXPECT_EQ(received[2].target, "/v1/traces");
  EXPECT_EQ(received[2].header("content-type"), "application/x-protobuf");
  EXPECT_EQ(received[2].header("x-mlflow-experiment-id"), "42");
  EXPECT_EQ(received[2].header("content-encoding"), "");
  EXPECT_EQ(received[3].target, "/api/3.0/mlflow/traces");
  for (const auto& r : received) EXPECT_EQ(r.header("authorization"), "Bearer secret");

  auto info = nlohmann::json::parse(received[3].body)["trace"]["trace_info"];
  EXPECT_EQ(info["trace_location"]["mlflow_experiment"]["experiment_id"], "42");
  EXPECT_EQ(info["execution_duration"], "0.532s");
  EXPECT_EQ(info["request_time"], "2025-11-24T16:00:00.000Z");
  EXPECT_EQ(info["state"], "OK");
  EXPECT_EQ(info["tags"]["mlflow.traceName"], "answer");
  EXPECT_EQ(info["request_preview"], "{\"question\": \"hi\"}");
  EXPECT_FALSE(info.contains("execution_duration_ms"));
  EXPECT_TRUE(kept().empty());

  // The experiment is resolved once.
  server_.script({kJsonOk, stored_in_db()});
  export_one(exporter, "second");
  EXPECT_EQ(server_.received().size(), 6u);
}

TEST_F(MlflowServerExporterTest, KeepsWhatTheServerDoesNotTakeAndWaitsBeforeTryingAgain) {
  settings_.experiment_id = "5";
  std::vector<ScriptedHttpServer::Response> script{kJsonOk};
  script.resize(1000, {503, {}, "overloaded"});
  script[0] = kJsonOk;  // experiments/get
  server_.script(script);
  MlflowServerExporter exporter(settings_, dir_);
  export_one(exporter, "first");
  const std::size_t attempts = requests_to("/v1/traces").size();
  EXPECT_GT(attempts, 1u);  // retried within the budget

  export_one(exporter, "second");  // right away: straight to the store, no request
  EXPECT_EQ(requests_to("/v1/traces").size(), attempts);

  auto lines = kept();
  ASSERT_EQ(lines.size(), 2u);
  auto intent = delivery_intent_of(lines[0]);
  ASSERT_TRUE(intent.has_value());
  EXPECT_EQ(intent->tracking_uri, settings_.uri);
  EXPECT_EQ(intent->experiment_id, "5");
  EXPECT_FALSE(intent->spans_delivered);
  EXPECT_NE(intent->reason.find("503"), std::string::npos) << intent->reason;
  EXPECT_EQ(lines[0]["data"]["spans"][0]["name"], "first");
  EXPECT_EQ(lines[1]["data"]["spans"][0]["name"], "second");
}

TEST_F(MlflowServerExporterTest, NeverResendsSpansThatGot200WhenTheTraceInfoFails) {
  settings_.experiment_id = "5";
  std::vector<ScriptedHttpServer::Response> script(1000, {500, {}, "db down"});
  script[0] = kJsonOk;  // experiments/get
  script[1] = kJsonOk;  // /v1/traces
  server_.script(script);
  MlflowServerExporter exporter(settings_, dir_);
  export_one(exporter, "answer");
  EXPECT_EQ(requests_to("/v1/traces").size(), 1u);
  EXPECT_GT(requests_to("/api/3.0/mlflow/traces").size(), 1u);
  auto lines = kept();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(delivery_intent_of(lines[0])->spans_delivered);
}

TEST_F(MlflowServerExporterTest, AfterTraceInfoFailsTheRestOfTheBatchIsKeptWithoutTrying) {
  settings_.experiment_id = "5";
  std::vector<ScriptedHttpServer::Response> script(1000, {503, {}, "db down"});
  script[0] = kJsonOk;  // experiments/get
  script[1] = kJsonOk;  // /v1/traces
  server_.script(script);
  MlflowServerExporter exporter(settings_, dir_);
  std::vector<std::unique_ptr<CompletedTrace>> batch;
  for (const char* name : {"first", "second", "third"}) batch.push_back(one_span_trace(name));
  const auto start = std::chrono::steady_clock::now();
  exporter.export_traces(batch, deadline_);
  // One retry budget (300 ms) for the first trace's StartTraceV3, not one per trace.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2 * settings_.retry_timeout);
  std::set<std::string> asked;
  for (const auto& r : requests_to("/api/3.0/mlflow/traces"))
    asked.insert(nlohmann::json::parse(r.body)["trace"]["trace_info"]["trace_id"].get<std::string>());
  auto lines = kept();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(asked, std::set<std::string>{lines[0]["info"]["trace_id"].get<std::string>()});
  for (const auto& line : lines) EXPECT_TRUE(delivery_intent_of(line)->spans_delivered);
}

TEST_F(MlflowServerExporterTest, KeepsTheExperimentNameWhenTheServerIsDown) {
  settings_.experiment_name = "named";
  settings_.uri = "http://127.0.0.1:1";  // nothing listens on port 1
  settings_.retry_timeout = 0ms;
  MlflowServerExporter exporter(settings_, dir_);
  export_one(exporter, "answer");
  auto lines = kept();
  ASSERT_EQ(lines.size(), 1u);
  auto intent = delivery_intent_of(lines[0]);
  EXPECT_EQ(intent->experiment_name, "named");
  EXPECT_EQ(intent->experiment_id, "");
}

TEST_F(MlflowServerExporterTest, SendsTracesJsonWhenTheServerCannotTakeOtlp) {
  settings_.experiment_id = "42";
  server_.script({kJsonOk, {501, {{"Content-Type", "application/json"}}, "{\"detail\": \"FileStore\"}"},
                  json(200, {{"trace", {{"trace_info", {{"tags", {{"mlflow.artifactLocation",
                                                                   "mlflow-artifacts:/42/traces/tr-x/artifacts"}}}}}}}}),
                  kJsonOk});
  MlflowServerExporter exporter(settings_, dir_);
  export_one(exporter, "answer");
  auto uploads = requests_to("/api/2.0/mlflow-artifacts/artifacts/");
  ASSERT_EQ(uploads.size(), 1u);
  EXPECT_EQ(uploads[0].method, "PUT");
  EXPECT_EQ(uploads[0].target, "/api/2.0/mlflow-artifacts/artifacts/42/traces/tr-x/artifacts/traces.json");
  auto data = nlohmann::json::parse(uploads[0].body);
  ASSERT_EQ(data["spans"].size(), 1u);
  EXPECT_EQ(data["spans"][0]["name"], "answer");
  EXPECT_TRUE(kept().empty());

  // From now on, no more OTLP attempts.
  server_.script({json(200, {{"trace", {{"trace_info", {{"tags", {{"mlflow.artifactLocation",
                                                                   "mlflow-artifacts:/42/traces/tr-y/artifacts"}}}}}}}}),
                  kJsonOk});
  export_one(exporter, "again");
  EXPECT_EQ(requests_to("/v1/traces").size(), 1u);
  EXPECT_EQ(requests_to("/api/2.0/mlflow-artifacts/artifacts/").size(), 2u);
}

TEST_F(MlflowServerExporterTest, ATraceContinuedFromAnotherServiceSendsOnlyItsSpans) {
  settings_.experiment_id = "5";
  server_.script({kJsonOk, kJsonOk});
  MlflowServerExporter exporter(settings_, dir_);
  std::vector<std::unique_ptr<CompletedTrace>> batch;
  batch.push_back(one_span_trace("callee"));
  batch.back()->spans[0]->parent_span_id = 0x1234;
  exporter.export_traces(batch, deadline_);
  EXPECT_EQ(requests_to("/v1/traces").size(), 1u);
  EXPECT_TRUE(requests_to("/api/3.0/mlflow/traces").empty());  // the caller writes the info
  EXPECT_TRUE(kept().empty());
}

TEST_F(MlflowServerExporterTest, AfterTheDeadlineKeepsEverythingWithoutTrying) {
  settings_.experiment_id = "5";
  deadline_.bring_forward(ExportDeadline::Clock::now());
  MlflowServerExporter exporter(settings_, dir_);
  export_one(exporter, "late");
  EXPECT_TRUE(server_.received().empty());
  EXPECT_EQ(kept().size(), 1u);
}

TEST_F(MlflowServerExporterTest, ARefusedConnectionDuringAFlushIsKeptAtOnce) {
  // The flush at exit of a program whose server is not running: nothing listens on the port.
  // No retries and no waiting for the deadline: every trace goes to undelivered.jsonl at once.
  int port;
  { ScriptedHttpServer gone; port = std::stoi(gone.url().substr(std::string("http://127.0.0.1:").size())); }
  settings_.uri = "http://127.0.0.1:" + std::to_string(port);
  settings_.experiment_name = "named";
  settings_.retry_timeout = 30000ms;  // the default budget
  deadline_.bring_forward(ExportDeadline::Clock::now() + 60s);  // flush() waits, far from its end
  MlflowServerExporter exporter(settings_, dir_);
  const auto start = std::chrono::steady_clock::now();
  export_one(exporter, "first");
  export_one(exporter, "second");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 2s);
  auto lines = kept();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["data"]["spans"][0]["name"], "first");
  EXPECT_EQ(lines[1]["data"]["spans"][0]["name"], "second");
  auto intent = delivery_intent_of(lines[0]);
  EXPECT_EQ(intent->experiment_name, "named");
  EXPECT_EQ(intent->tracking_uri, settings_.uri);
  EXPECT_FALSE(intent->spans_delivered);

  // The same with the experiment known (no lookup first): the spans request is the refused one.
  std::filesystem::remove_all(dir_);
  settings_.experiment_name.clear();
  MlflowServerExporter by_id(settings_, dir_);
  const auto again = std::chrono::steady_clock::now();
  export_one(by_id, "third");
  EXPECT_LT(std::chrono::steady_clock::now() - again, 2s);
  lines = kept();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(delivery_intent_of(lines[0])->reason.find("/v1/traces"), std::string::npos)
      << delivery_intent_of(lines[0])->reason;
}

TEST_F(MlflowServerExporterTest, ARefusedExperimentIsReportedAndTheTracesKept) {
  settings_.experiment_id = "999";
  server_.script({json(404, {{"error_code", "RESOURCE_DOES_NOT_EXIST"}, {"message", "No Experiment with id=999 exists"}})});
  MlflowServerExporter exporter(settings_, dir_);
  export_one(exporter, "answer");
  auto lines = kept();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(delivery_intent_of(lines[0])->reason.find("999"), std::string::npos);
}

}  // namespace
}  // namespace mlflow::detail
