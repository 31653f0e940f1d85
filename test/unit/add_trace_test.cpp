// add_trace_test.cpp: mlflow::add_trace (mlflow/propagation.h), a trace recorded elsewhere merged
// into the trace being recorded, checked on what the local store holds. The remote trace is one
// this process recorded first, read back from the store: MLflow's Trace JSON, as Python's
// trace.to_json() writes it (the store_format_read_by_mlflow test holds the store to that).
#include <map>
#include <string>
#include <thread>

#include <mlflow/propagation.h>

#include "test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class AddTraceTest : public TracingTest {
 protected:
  // A finished trace "search" > "rank", as a remote service would return it.
  json remote_trace() {
    {
      auto search = mlflow::start_span("search", SpanType::RETRIEVER);
      search.set_inputs({{"query", "mlflow"}});
      mlflow::update_current_trace(mlflow::TraceUpdate()
                                       .set_tag("remote.tag", "r")
                                       .set_tag("shared.tag", "remote")
                                       .set_session_id("remote-session"));
      {
        auto rank = mlflow::start_span("rank", SpanType::RERANKER);
        rank.add_event("sorted", {{"n", 3}});
        rank.set_outputs(json::array({"a", "b"}));
      }
      search.set_outputs("found");
    }
    json trace = trace_rooted_at("search");
    std::filesystem::remove_all(dir_);  // the local trace starts from an empty store
    return trace;
  }

  json trace_rooted_at(const std::string& name) {
    for (auto& trace : stored_traces())
      if (trace["data"]["spans"][0]["name"] == name) return trace;
    ADD_FAILURE() << "no trace rooted at " << name;
    return json();
  }
};

TEST_F(AddTraceTest, RemoteSpansJoinTheCurrentSpanKeepingTheirIds) {
  const json remote = remote_trace();
  const std::string remote_text = remote.dump();
  std::string trace_id, agent_id;
  {
    auto agent = mlflow::start_span("agent", SpanType::AGENT);
    trace_id = agent.trace_id();
    agent_id = agent.span_id();
    mlflow::update_current_trace(mlflow::TraceUpdate().set_tag("shared.tag", "local"));
    auto call = mlflow::start_span("call_search", SpanType::TOOL);
    EXPECT_TRUE(mlflow::add_trace(remote_text));
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 4u);
  const json call = span_named(trace, "call_search");
  const json search = span_named(trace, "search");
  const json rank = span_named(trace, "rank");
  const json remote_search = span_named(remote, "search");
  const json remote_rank = span_named(remote, "rank");
  // Their ids kept, this trace's id taken, the remote root under the calling span.
  EXPECT_EQ(search["span_id"], remote_search["span_id"]);
  EXPECT_EQ(rank["span_id"], remote_rank["span_id"]);
  EXPECT_EQ(search["parent_span_id"], call["span_id"]);
  EXPECT_EQ(rank["parent_span_id"], search["span_id"]);
  for (const auto& span : trace["data"]["spans"]) {
    EXPECT_EQ(span["trace_id"], trace["data"]["spans"][0]["trace_id"]);
    EXPECT_EQ(attribute(span, "mlflow.traceRequestId"), trace_id);
  }
  // Names, times, values, events and status as recorded there.
  for (const char* key : {"name", "start_time_unix_nano", "end_time_unix_nano", "status", "events"}) {
    EXPECT_EQ(search[key], remote_search[key]) << key;
    EXPECT_EQ(rank[key], remote_rank[key]) << key;
  }
  EXPECT_EQ(attribute(search, "mlflow.spanInputs"), json({{"query", "mlflow"}}));
  EXPECT_EQ(attribute(search, "mlflow.spanType"), "RETRIEVER");
  EXPECT_EQ(attribute(rank, "mlflow.spanOutputs"), json::array({"a", "b"}));
  // Its tags and metadata where this trace has none of the key; MLflow's own derived again.
  EXPECT_EQ(trace["info"]["tags"]["remote.tag"], "r");
  EXPECT_EQ(trace["info"]["tags"]["shared.tag"], "local");
  EXPECT_EQ(trace["info"]["tags"]["mlflow.traceName"], "agent");
  EXPECT_EQ(trace["info"]["trace_metadata"]["mlflow.trace.session"], "remote-session");
  EXPECT_EQ(trace["info"]["trace_id"], trace_id);
  EXPECT_EQ(span_named(trace, "agent")["span_id"], trace["data"]["spans"][0]["span_id"]);
  EXPECT_FALSE(agent_id.empty());
}

// Python's target=: any span of a trace still being recorded, through its Context, from any
// thread.
TEST_F(AddTraceTest, AnExplicitParentOnAnotherThread) {
  const std::string remote = remote_trace().dump();
  {
    auto agent = mlflow::start_span("agent", SpanType::AGENT);
    auto step = mlflow::start_span("step");
    const Context at_step = Context::current();
    step.end();
    std::thread([&] { EXPECT_TRUE(mlflow::add_trace(remote, at_step)); }).join();
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 4u);
  EXPECT_EQ(span_named(trace, "search")["parent_span_id"], span_named(trace, "step")["span_id"]);
}

// No current span: a new root "Remote Trace <name>" holds the remote spans, as in Python.
TEST_F(AddTraceTest, WithoutACurrentSpanANewRootHoldsThem) {
  const json remote = remote_trace();
  EXPECT_TRUE(mlflow::add_trace(remote.dump()));
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 3u);
  const json root = trace["data"]["spans"][0];
  const json remote_root = span_named(remote, "search");
  EXPECT_EQ(root["name"], "Remote Trace <search>");
  EXPECT_TRUE(root["parent_span_id"].is_null());
  EXPECT_EQ(root["start_time_unix_nano"].get<std::int64_t>(),
            remote_root["start_time_unix_nano"].get<std::int64_t>() - 1);
  EXPECT_EQ(root["end_time_unix_nano"], remote_root["end_time_unix_nano"]);
  EXPECT_EQ(attribute(root, "mlflow.spanInputs"), json({{"query", "mlflow"}}));
  EXPECT_EQ(attribute(root, "mlflow.spanOutputs"), "found");
  EXPECT_EQ(attribute(root, "mlflow.spanType"), "RETRIEVER");
  EXPECT_EQ(root["status"]["code"], "STATUS_CODE_OK");
  EXPECT_EQ(span_named(trace, "search")["parent_span_id"], root["span_id"]);
  EXPECT_NE(trace["info"]["trace_id"], remote["info"]["trace_id"]);
}

// Text from elsewhere may name parents that loop (found by add_trace_fuzzer): the loop is cut
// at a span that then hangs under the calling span, so every span reaches the root; and token
// counts beyond any integer are left out of the trace's usage instead of converted.
TEST_F(AddTraceTest, LoopingParentsAreCutAndHugeTokenCountsLeftOut) {
  json remote = remote_trace();
  json& spans = remote["data"]["spans"];
  ASSERT_EQ(spans.size(), 2u);
  spans[0]["parent_span_id"] = spans[1]["span_id"];  // search under rank, rank under search
  spans[1]["attributes"]["mlflow.chat.tokenUsage"] =
      "{\"input_tokens\": 6, \"output_tokens\": 4.4e39, \"total_tokens\": 10}";
  {
    auto call = mlflow::start_span("call");
    EXPECT_TRUE(mlflow::add_trace(remote.dump()));
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 3u);
  std::map<std::string, std::string> parent_of;
  for (const auto& span : trace["data"]["spans"])
    parent_of[span["span_id"]] = span["parent_span_id"].is_string() ? span["parent_span_id"].get<std::string>() : "";
  for (const auto& [id, parent] : parent_of) {
    std::string at = id;
    for (int steps = 0; !parent_of[at].empty(); ++steps) {
      ASSERT_LT(steps, 3) << "a loop above " << id;
      at = parent_of[at];
    }
    EXPECT_EQ(at, trace["data"]["spans"][0]["span_id"]);
  }
  const json usage = json::parse(trace["info"]["trace_metadata"]["mlflow.trace.tokenUsage"].get<std::string>());
  EXPECT_EQ(usage["input_tokens"], 6);
  EXPECT_EQ(usage["total_tokens"], 10);
  EXPECT_EQ(usage["output_tokens"], 0);
}

// Bad input adds nothing and says why; the trace being recorded is unharmed.
TEST_F(AddTraceTest, WhatIsNotACompletedTraceIsRefused) {
  json remote = remote_trace();
  json in_progress = remote;
  in_progress["info"]["state"] = "IN_PROGRESS";
  json bad_id = remote;
  bad_id["data"]["spans"][1]["span_id"] = "not base64!";
  json no_spans = remote;
  no_spans["data"]["spans"] = json::array();
  {
    auto agent = mlflow::start_span("agent");
    ::testing::internal::CaptureStderr();
    EXPECT_FALSE(mlflow::add_trace("{not json"));
    EXPECT_FALSE(mlflow::add_trace(in_progress.dump()));
    EXPECT_FALSE(mlflow::add_trace(bad_id.dump()));
    EXPECT_FALSE(mlflow::add_trace(no_spans.dump()));
    const std::string said = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(said.find("add_trace: the text is not JSON"), std::string::npos) << said;
    EXPECT_NE(said.find("has not ended (its info's state is \"IN_PROGRESS\""), std::string::npos);
    EXPECT_NE(said.find("the trace is malformed"), std::string::npos);
    EXPECT_NE(said.find("no spans"), std::string::npos);
  }
  json trace = only_trace();
  EXPECT_EQ(trace["data"]["spans"].size(), 1u);
}

// A parent whose trace has completed, an unsampled one, tracing off: nothing to join.
TEST_F(AddTraceTest, NothingIsAddedWhereNothingIsRecorded) {
  const std::string remote = remote_trace().dump();
  Context finished;
  {
    auto agent = mlflow::start_span("agent");
    finished = Context::current();
  }
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(mlflow::add_trace(remote, finished));
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("has completed"), std::string::npos);
  mlflow::tracing::disable();
  EXPECT_FALSE(mlflow::add_trace(remote));
  mlflow::tracing::enable();
  EXPECT_FALSE(mlflow::add_trace(remote, extract_traceparent(
                                             "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")));
  json trace = only_trace();
  EXPECT_EQ(trace["data"]["spans"].size(), 1u);
}

}  // namespace
}  // namespace mlflow::testing
