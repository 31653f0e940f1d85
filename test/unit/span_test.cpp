// span_test.cpp: the manual span API (mlflow/span.h), checked on what the local store holds.
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include <mlflow/detail/function_span.h>

#include "core/span_record.h"
#include "format/id_text.h"
#include "test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class SpanTest : public TracingTest {};

// A traced function's name is the plugin's literal, kept by pointer (span_record.h: no heap
// block for a long name); any other name is copied, whatever becomes of the caller's string.
TEST_F(SpanTest, SpanNamesAreTheSitesLiteralOrACopy) {
  static constexpr detail::FunctionSite kSite{
      "a_function_name_longer_than_a_short_string", "TOOL", "f", "app::f", "f.cpp", 1, true};
  {
    std::string manual(40, 'm');
    auto outer = mlflow::start_span(manual);
    manual.assign(40, 'x');
    detail::FunctionSpan function(kSite);
    ASSERT_TRUE(function.recording());
    EXPECT_EQ(function.record()->name.view().data(), kSite.name);
    EXPECT_TRUE(function.record()->name.owned().empty());
  }
  json trace = only_trace();
  EXPECT_EQ(trace["data"]["spans"][0]["name"], std::string(40, 'm'));
  EXPECT_EQ(trace["data"]["spans"][1]["name"], kSite.name);
  EXPECT_EQ(trace["info"]["tags"]["mlflow.traceName"], std::string(40, 'm'));
}

TEST_F(SpanTest, NestedSpansFormOneTraceTree) {
  std::string trace_id;
  {
    auto root = mlflow::start_span("agent", SpanType::AGENT);
    root.set_inputs({{"question", "why?"}});
    trace_id = root.trace_id();
    {
      auto retrieve = mlflow::start_span("retrieve", SpanType::RETRIEVER);
      retrieve.set_inputs({{"query", "why"}}).set_outputs(json::array({"doc1", "doc2"}));
    }
    {
      auto llm = mlflow::start_span("llm", SpanType::CHAT_MODEL);
      auto tool = mlflow::start_span("lookup", SpanType::TOOL);
    }
    root.set_outputs("because");
  }
  json trace = only_trace();
  EXPECT_EQ(trace["info"]["trace_id"], trace_id);
  const json& spans = trace["data"]["spans"];
  ASSERT_EQ(spans.size(), 4u);
  // Root first, then the others in start order.
  EXPECT_EQ(spans[0]["name"], "agent");
  EXPECT_EQ(spans[1]["name"], "retrieve");
  EXPECT_EQ(spans[2]["name"], "llm");
  EXPECT_EQ(spans[3]["name"], "lookup");
  EXPECT_TRUE(spans[0]["parent_span_id"].is_null());
  EXPECT_EQ(spans[1]["parent_span_id"], spans[0]["span_id"]);
  EXPECT_EQ(spans[2]["parent_span_id"], spans[0]["span_id"]);
  EXPECT_EQ(spans[3]["parent_span_id"], spans[2]["span_id"]);
  for (const auto& span : spans) {
    EXPECT_EQ(span["trace_id"], spans[0]["trace_id"]);
    EXPECT_EQ(span["status"], json({{"code", "STATUS_CODE_OK"}, {"message", ""}}));
    EXPECT_LE(span["start_time_unix_nano"].get<std::int64_t>(),
              span["end_time_unix_nano"].get<std::int64_t>());
    EXPECT_EQ(attribute(span, "mlflow.traceRequestId"), trace_id);
  }
  // Children run inside their parent's time.
  EXPECT_GE(spans[3]["start_time_unix_nano"], spans[2]["start_time_unix_nano"]);
  EXPECT_LE(spans[3]["end_time_unix_nano"], spans[2]["end_time_unix_nano"]);

  EXPECT_EQ(attribute(spans[0], "mlflow.spanType"), "AGENT");
  EXPECT_EQ(attribute(spans[1], "mlflow.spanType"), "RETRIEVER");
  EXPECT_EQ(spans[1]["attributes"]["mlflow.spanInputs"], "{\"query\": \"why\"}");
  EXPECT_EQ(spans[1]["attributes"]["mlflow.spanOutputs"], "[\"doc1\", \"doc2\"]");
  EXPECT_EQ(attribute(spans[0], "mlflow.spanOutputs"), "because");
  // Spans without inputs or outputs have no such attribute, as in MLflow.
  EXPECT_FALSE(spans[3]["attributes"].contains("mlflow.spanInputs"));
  EXPECT_FALSE(spans[3]["attributes"].contains("mlflow.spanOutputs"));
  // MLflow's default log levels: INFO for user-visible operations, DEBUG for the rest.
  EXPECT_EQ(spans[0]["attributes"]["mlflow.spanLogLevel"], "20");
  EXPECT_EQ(spans[3]["attributes"]["mlflow.spanLogLevel"], "20");
}

TEST_F(SpanTest, ExceptionsBecomeErrorStatusAndAnEvent) {
  {
    auto root = mlflow::start_span("root", SpanType::CHAIN);
    try {
      auto step = mlflow::start_span("step");
      try {
        throw std::invalid_argument("bad input");
      } catch (const std::exception& e) {
        step.record_exception(e);
        throw;
      }
    } catch (...) {
    }
  }
  json trace = only_trace();
  json step = span_named(trace, "step");
  EXPECT_EQ(step["status"], json({{"code", "STATUS_CODE_ERROR"},
                                  {"message", "std::invalid_argument: bad input"}}));
  ASSERT_EQ(step["events"].size(), 1u);
  EXPECT_EQ(step["events"][0]["name"], "exception");
  json attributes = step["events"][0]["attributes"];
  EXPECT_EQ(attributes["exception.type"], "std::invalid_argument");
  EXPECT_EQ(attributes["exception.message"], "bad input");
  // The stack where it was recorded (its frames' names depend on what the binary exports; the
  // plugin's lit tests check them with -rdynamic).
  EXPECT_NE(attributes["exception.stacktrace"].get<std::string>().find("#0 "), std::string::npos);
  EXPECT_GT(step["events"][0]["time_unix_nano"].get<std::int64_t>(), 0);
  EXPECT_EQ(step["attributes"]["mlflow.spanLogLevel"], "40");  // raised by the exception
  EXPECT_EQ(attribute(step, "mlflow.spanType"), "UNKNOWN");
  // The parent is untouched, and the trace is OK since the root is.
  EXPECT_EQ(span_named(trace, "root")["status"]["code"], "STATUS_CODE_OK");
  EXPECT_EQ(trace["info"]["state"], "OK");
}

TEST_F(SpanTest, RootErrorMakesTheTraceError) {
  {
    auto root = mlflow::start_span("root");
    root.record_exception(std::make_exception_ptr(std::runtime_error("boom")));
  }
  json trace = only_trace();
  EXPECT_EQ(trace["info"]["state"], "ERROR");
  EXPECT_EQ(trace["data"]["spans"][0]["status"]["message"], "std::runtime_error: boom");
}

TEST_F(SpanTest, NonStandardExceptionsAreNamedByType) {
  struct NotAnException {};
  {
    auto root = mlflow::start_span("root");
    root.record_exception(std::make_exception_ptr(42));
  }
  json span = only_trace()["data"]["spans"][0];
  EXPECT_EQ(span["status"]["code"], "STATUS_CODE_ERROR");
  EXPECT_EQ(span["status"]["message"], "int");
  EXPECT_EQ(span["events"][0]["attributes"]["exception.type"], "int");
}

TEST_F(SpanTest, ExplicitStatusAttributesEventsAndCustomTypes) {
  {
    auto root = mlflow::start_span("root", "MY_CUSTOM_TYPE");
    root.set_attribute("model", "gpt-x").set_attribute("temperature", 0.5);
    root.set_attribute("model", "gpt-y");  // replaces
    root.set_attributes({{"a", 1}, {"b", {{"c", true}}}});
    root.add_event("retry", {{"attempt", 2}}, 1234);
    root.set_status(SpanStatusCode::ERROR, "gave up");
  }
  json span = only_trace()["data"]["spans"][0];
  EXPECT_EQ(attribute(span, "mlflow.spanType"), "MY_CUSTOM_TYPE");
  EXPECT_EQ(span["attributes"]["model"], "\"gpt-y\"");
  EXPECT_EQ(span["attributes"]["temperature"], "0.5");
  EXPECT_EQ(span["attributes"]["a"], "1");
  EXPECT_EQ(span["attributes"]["b"], "{\"c\": true}");
  EXPECT_EQ(span["events"], json::parse(R"([{"name":"retry","time_unix_nano":1234,
                                            "attributes":{"attempt":2}}])"));
  EXPECT_EQ(span["status"], json({{"code", "STATUS_CODE_ERROR"}, {"message", "gave up"}}));
  EXPECT_EQ(span["attributes"]["mlflow.spanLogLevel"], "10");  // custom types are DEBUG
}

TEST_F(SpanTest, MovedSpansEndOnceAndEndIsIdempotent) {
  {
    auto root = mlflow::start_span("root");
    mlflow::Span moved = std::move(root);
    EXPECT_FALSE(root.is_recording());
    EXPECT_TRUE(moved.is_recording());
    moved.end();
    moved.end();
    EXPECT_FALSE(moved.is_recording());
    moved.set_inputs(1);  // ignored after the end
  }
  json trace = only_trace();
  EXPECT_EQ(trace["data"]["spans"].size(), 1u);
  EXPECT_FALSE(trace["data"]["spans"][0]["attributes"].contains("mlflow.spanInputs"));
}

TEST_F(SpanTest, CurrentSpanIsTheInnermostOpenSpan) {
  EXPECT_FALSE(mlflow::get_current_active_span().is_recording());
  {
    auto root = mlflow::start_span("root");
    {
      auto child = mlflow::start_span("child");
      EXPECT_EQ(mlflow::get_current_active_span().span_id(), child.span_id());
      mlflow::get_current_active_span().set_attribute("set_through_current", true);
    }
    EXPECT_EQ(mlflow::get_current_active_span().span_id(), root.span_id());
  }
  EXPECT_FALSE(mlflow::get_current_active_span().is_recording());
  json trace = only_trace();
  EXPECT_EQ(span_named(trace, "child")["attributes"]["set_through_current"], "true");
}

// A SpanRef kept after its span ended does nothing (Python's LiveSpan once ended), is counted,
// and never reaches the record, which by then is exported and freed (ASan would see a write).
TEST_F(SpanTest, AStaleSpanRefDoesNothing) {
  const std::uint64_t stale_before = mlflow::tracing::stats().stale_span_refs;
  SpanRef from_current;
  SpanRef from_copy;
  SpanRef child_ref;
  {
    auto root = mlflow::start_span("root");
    from_current = mlflow::get_current_active_span();
    from_copy = root;  // a copy of the owner borrows the span
    {
      auto child = mlflow::start_span("child");
      child_ref = child;
      EXPECT_TRUE(child_ref.is_recording());
      EXPECT_EQ(child_ref.span_id(), child.span_id());
    }
    // The child ended, its trace has not: still no writes through the handle.
    EXPECT_FALSE(child_ref.is_recording());
    child_ref.set_attribute("after_child_end", 1);
    EXPECT_TRUE(from_current.is_recording());
    from_current.set_attribute("while_open", "current");
    from_copy.set_attribute("while_open_copy", 2).set_name("renamed");
  }
  ASSERT_TRUE(mlflow::tracing::flush());
  // Records of many more traces take the freed memory meanwhile.
  for (int i = 0; i < 200; ++i) {
    auto filler = mlflow::start_span("filler");
    auto inner = mlflow::start_span("inner");
  }
  ASSERT_TRUE(mlflow::tracing::flush());
  EXPECT_FALSE(from_current.is_recording());
  EXPECT_FALSE(static_cast<bool>(from_copy));
  from_current.set_attribute("after_end", true).set_inputs(1).set_outputs(2);
  from_copy.add_event("late").set_status(SpanStatusCode::ERROR, "late").set_name("late");
  from_copy.record_exception(std::runtime_error("late"));
  from_copy.add_link("tr-" + std::string(32, 'a'), std::string(16, 'b'));
  child_ref.set_outputs("late");
  EXPECT_EQ(from_copy.trace_id(), "");
  EXPECT_EQ(from_copy.span_id(), "");
  SpanRef copy_of_stale = from_current;  // a copy of a stale handle is stale too
  copy_of_stale.set_attribute("copied_after_end", 1);
  // 3 is_recording/bool checks, 2 + 3 setters, record_exception (an event and a status), a link,
  // 1 + 1 late setters, two ids, the copy's setter.
  EXPECT_GE(mlflow::tracing::stats().stale_span_refs - stale_before, 12u);

  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 201u);
  json trace;
  for (const auto& t : traces)
    if (t["data"]["spans"][0]["name"] == "renamed") trace = t;
  ASSERT_FALSE(trace.is_null());
  const json& root = trace["data"]["spans"][0];
  EXPECT_EQ(root["attributes"]["while_open"], "\"current\"");
  EXPECT_EQ(root["attributes"]["while_open_copy"], "2");
  EXPECT_FALSE(root["attributes"].contains("after_end"));
  EXPECT_EQ(root["status"]["code"], "STATUS_CODE_OK");
  EXPECT_TRUE(root["events"].empty());
  EXPECT_FALSE(span_named(trace, "child")["attributes"].contains("after_child_end"));
  for (const auto& t : traces)
    for (const auto& span : t["data"]["spans"]) {
      EXPECT_FALSE(span["attributes"].contains("after_end"));
      EXPECT_FALSE(span["attributes"].contains("copied_after_end"));
    }
}

// A handle used on another thread while the span ends: each call lands before the end or is
// ignored, never half-way (TSan checks the hand-over).
TEST_F(SpanTest, ASpanRefUsedOnAnotherThreadWhileItsSpanEnds) {
  std::atomic<bool> go{false};
  std::atomic<bool> first_landed{false};
  std::atomic<int> applied{0};
  {
    auto root = mlflow::start_span("root");
    SpanRef ref = root;
    std::thread user([&] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < 2000; ++i) {
        if (ref.is_recording()) applied.fetch_add(1);
        ref.set_attribute("n", i);
        if (i == 0) first_landed.store(true);
      }
    });
    go.store(true);
    // The first call lands while the span is open (a check and a later call are two steps: the
    // end may come between them); the rest race with the end.
    while (!first_landed.load()) std::this_thread::yield();
    root.end();
    user.join();
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 1u);
  // Whatever landed before the end is there, and nothing after it.
  const json& attributes = trace["data"]["spans"][0]["attributes"];
  if (applied.load() > 0) EXPECT_TRUE(attributes.contains("n"));
  EXPECT_EQ(trace["data"]["spans"][0]["status"]["code"], "STATUS_CODE_OK");
}

// A span still open when its trace is freed (its root ended, the owner never ends it) leaves
// its borrowers stale, not dangling.
TEST_F(SpanTest, ASpanRefOutlivingAnUnendedSpansTrace) {
  SpanRef ref;
  {
    auto owner = std::make_unique<mlflow::Span>();
    {
      auto root = mlflow::start_span("root");
      *owner = mlflow::start_span("left_open");
      ref = *owner;
      ref.set_attribute("open", true);
    }
    owner.reset();  // ends it now: after its root, so not recorded
  }
  ASSERT_TRUE(mlflow::tracing::flush());
  EXPECT_FALSE(ref.is_recording());
  ref.set_attribute("late", true);
  json trace = only_trace();
  EXPECT_EQ(trace["data"]["spans"].size(), 1u);
}

TEST_F(SpanTest, LastActiveTraceIdIsTheLastCompletedRoot) {
  EXPECT_FALSE(mlflow::get_last_active_trace_id().has_value());
  std::string first, second;
  {
    auto a = mlflow::start_span("a");
    first = a.trace_id();
  }
  EXPECT_EQ(mlflow::get_last_active_trace_id(), first);
  {
    auto b = mlflow::start_span("b");
    second = b.trace_id();
    auto child = mlflow::start_span("child");
    EXPECT_EQ(child.trace_id(), second);
  }
  EXPECT_NE(first, second);
  EXPECT_EQ(mlflow::get_last_active_trace_id(), second);
  EXPECT_EQ(stored_traces().size(), 2u);
}

// Exported traces are freed by the thread that made them (home_thread_release.h); a thread
// that has exited by then hands its box to the next new thread (thread_slot.h). Either way
// every trace is exported once, and the last one completed is the last active trace.
TEST_F(SpanTest, TracesOfShortLivedThreadsAreAllExported) {
  constexpr int kThreads = 64;
  std::string last;
  for (int i = 0; i < kThreads; ++i) {
    std::thread([&, i] {
      auto span = mlflow::start_span("worker-" + std::to_string(i));
      last = span.trace_id();
    }).join();
  }
  EXPECT_EQ(mlflow::get_last_active_trace_id(), last);
  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), static_cast<std::size_t>(kThreads));
  std::set<std::string> names;
  for (const auto& trace : traces) names.insert(trace["data"]["spans"][0]["name"].get<std::string>());
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kThreads));
  // And again, on threads that now reuse the boxes of the first ones.
  for (int i = 0; i < kThreads; ++i) std::thread([] { auto span = mlflow::start_span("again"); }).join();
  EXPECT_EQ(stored_traces().size(), static_cast<std::size_t>(2 * kThreads));
}

TEST_F(SpanTest, ChildEndingAfterItsRootIsNotRecorded) {
  mlflow::Span late;
  {
    auto root = mlflow::start_span("root");
    late = mlflow::start_span("late");
    auto on_time = mlflow::start_span("on_time");
    on_time.end();
    root.end();
  }
  late.end();
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 2u);
  EXPECT_EQ(trace["data"]["spans"][1]["name"], "on_time");
}

TEST_F(SpanTest, ASpanEndedOnAnotherThreadLeavesItsThreadClean) {
  {
    auto root = mlflow::start_span("root");
    auto handed_over = mlflow::start_span("handed_over");
    std::thread([&] { handed_over.end(); }).join();
    auto next = mlflow::start_span("next");  // a child of root, not of the ended span
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 3u);
  EXPECT_EQ(span_named(trace, "next")["parent_span_id"], span_named(trace, "root")["span_id"]);
}

TEST_F(SpanTest, AHandedOverSpanMayOutliveItsTraceOnTheStartingThread) {
  // The starting thread looks at its stack only after the trace was exported and freed.
  {
    auto root = mlflow::start_span("root");
    auto handed_over = mlflow::start_span("handed_over");
    std::thread([&] {
      handed_over.end();
      root.end();  // completes the trace, on the other thread too
    }).join();
    ASSERT_TRUE(mlflow::tracing::flush());
    EXPECT_FALSE(mlflow::get_current_active_span().is_recording());
    auto next = mlflow::start_span("next");  // a new trace
    EXPECT_TRUE(next.is_recording());
  }
  EXPECT_EQ(stored_traces().size(), 2u);
}

TEST_F(SpanTest, TraceInfoIsDerivedAsMlflowDoes) {
  std::string trace_id;
  {
    auto root = mlflow::start_span("chat_turn", SpanType::AGENT);
    trace_id = root.trace_id();
    root.set_inputs({{"messages", {{{"role", "system"}, {"content", "be brief"}},
                                   {{"role", "user"}, {"content", "hello?"}}}}});
    mlflow::update_current_trace({{{"env", "test"}},
                                  {{"team", "search"}},
                                  "req-7",
                                  std::nullopt,
                                  std::nullopt,
                                  "session-1",
                                  "alice"});
    {
      auto llm = mlflow::start_span("llm", SpanType::CHAT_MODEL);
      llm.set_attribute("mlflow.chat.tokenUsage",
                        {{"input_tokens", 5}, {"output_tokens", 7}, {"total_tokens", 12}});
    }
    root.set_outputs({{"choices", {{{"index", 0},
                                    {"message", {{"role", "assistant"}, {"content", "hi!"}}},
                                    {"finish_reason", "stop"}}}}});
  }
  json info = only_trace()["info"];
  EXPECT_EQ(info["trace_id"], trace_id);
  EXPECT_EQ(info["client_request_id"], "req-7");
  EXPECT_EQ(info["trace_location"],
            json::parse(R"({"type":"MLFLOW_EXPERIMENT","mlflow_experiment":{"experiment_id":"0"}})"));
  EXPECT_EQ(info["state"], "OK");
  EXPECT_EQ(info["request_preview"], "hello?");
  EXPECT_EQ(info["response_preview"], "hi!");
  EXPECT_TRUE(info["execution_duration_ms"].is_number_integer());
  EXPECT_EQ(info["tags"], json({{"env", "test"}, {"mlflow.traceName", "chat_turn"}}));
  const json& metadata = info["trace_metadata"];
  EXPECT_EQ(metadata["mlflow.trace_schema.version"], "3");
  EXPECT_EQ(metadata["mlflow.trace.session"], "session-1");
  EXPECT_EQ(metadata["mlflow.trace.user"], "alice");
  EXPECT_EQ(metadata["team"], "search");
  EXPECT_EQ(metadata["mlflow.source.type"], "LOCAL");
  EXPECT_EQ(metadata["mlflow.source.name"], "runtime_tests");
  EXPECT_EQ(json::parse(metadata["mlflow.trace.tokenUsage"].get<std::string>()),
            json({{"input_tokens", 5}, {"output_tokens", 7}, {"total_tokens", 12}}));
  EXPECT_EQ(metadata["mlflow.traceInputs"].get<std::string>().substr(0, 14), "{\"messages\": [");
}

// TraceUpdate's named setters (C++17 code has no designated initializers) set what the fields
// set; model_id is metadata mlflow.modelId, and state replaces the root span's status as the
// trace's state, either way (Python's update_current_trace(state=...)).
TEST_F(SpanTest, TraceUpdateSettersModelIdAndState) {
  {
    auto root = mlflow::start_span("ok_root");
    mlflow::update_current_trace(mlflow::TraceUpdate()
                                     .set_tag("env", "dev")
                                     .set_metadata("team", "search")
                                     .set_client_request_id("req-9")
                                     .set_request_preview("asked")
                                     .set_response_preview("answered")
                                     .set_session_id("s-2")
                                     .set_user("bob")
                                     .set_model_id("m-123")
                                     .set_state(SpanStatusCode::ERROR));
  }
  {
    auto root = mlflow::start_span("failed_root");
    root.set_status(SpanStatusCode::ERROR, "bad");
    mlflow::update_current_trace(mlflow::TraceUpdate().set_state(SpanStatusCode::OK));
  }
  {
    auto root = mlflow::start_span("unset_leaves_it_to_the_root");
    root.set_status(SpanStatusCode::ERROR, "bad");
    mlflow::update_current_trace(mlflow::TraceUpdate().set_state(SpanStatusCode::UNSET));
  }
  std::vector<json> traces = stored_traces();
  ASSERT_EQ(traces.size(), 3u);
  const json& info = traces[0]["info"];
  EXPECT_EQ(info["state"], "ERROR");
  EXPECT_EQ(traces[0]["data"]["spans"][0]["status"]["code"], "STATUS_CODE_OK");
  EXPECT_EQ(info["client_request_id"], "req-9");
  EXPECT_EQ(info["request_preview"], "asked");
  EXPECT_EQ(info["response_preview"], "answered");
  EXPECT_EQ(info["tags"]["env"], "dev");
  EXPECT_EQ(info["trace_metadata"]["team"], "search");
  EXPECT_EQ(info["trace_metadata"]["mlflow.trace.session"], "s-2");
  EXPECT_EQ(info["trace_metadata"]["mlflow.trace.user"], "bob");
  EXPECT_EQ(info["trace_metadata"]["mlflow.modelId"], "m-123");
  EXPECT_EQ(traces[1]["info"]["state"], "OK");
  EXPECT_EQ(traces[2]["info"]["state"], "ERROR");
}

// get_active_trace_id: the current span's trace while it is recorded, nothing otherwise.
TEST_F(SpanTest, ActiveTraceIdIsTheCurrentSpansTrace) {
  EXPECT_EQ(mlflow::get_active_trace_id(), std::nullopt);
  {
    auto root = mlflow::start_span("root");
    EXPECT_EQ(mlflow::get_active_trace_id(), root.trace_id());
    auto child = mlflow::start_span("child");
    EXPECT_EQ(mlflow::get_active_trace_id(), root.trace_id());
  }
  EXPECT_EQ(mlflow::get_active_trace_id(), std::nullopt);
  mlflow::tracing::disable();
  {
    auto off = mlflow::start_span("off");
    EXPECT_EQ(mlflow::get_active_trace_id(), std::nullopt);
  }
  mlflow::tracing::enable();
}

// SpanOptions: a start time, an end time, a kind (OTLP only: MLflow's span JSON has no field
// for it), set_name; the times and name are what the store holds.
TEST_F(SpanTest, StartAndEndTimesKindAndName) {
  const std::int64_t start = 1700000000000000000, end = 1700000000250000000;
  {
    SpanOptions options;
    options.start_time_unix_nano = start;
    options.kind = SpanKind::SERVER;
    auto span = mlflow::start_span("handle", SpanType::CHAIN, options);
    auto* record = detail::SpanAccess::record(span);
    ASSERT_NE(record, nullptr);
    EXPECT_EQ(record->kind, SpanKind::SERVER);
    span.set_name("handle_request");
    span.end(end);
  }
  json trace = only_trace();
  const json& span = trace["data"]["spans"][0];
  EXPECT_EQ(span["name"], "handle_request");
  EXPECT_EQ(span["start_time_unix_nano"], start);
  EXPECT_EQ(span["end_time_unix_nano"], end);
  EXPECT_EQ(trace["info"]["execution_duration_ms"], 250);
  EXPECT_EQ(trace["info"]["tags"]["mlflow.traceName"], "handle_request");
}

// SpanOptions::parent: a span of another trace (its Context), not this thread's current span;
// an empty Context starts a new trace; a remote parent continues the caller's trace. The span
// is still this thread's current span while it runs.
// Python's mlflow.log_trace (deprecated since MLflow 3.6) has no C++ function: a one-span trace
// with given times, inputs, outputs, attributes and tags is these calls (docs/manual-api.md).
TEST_F(SpanTest, LogTraceIsOneSpanWithGivenTimes) {
  const std::int64_t start_ms = 1'700'000'000'000;
  const std::int64_t execution_ms = 5129;
  {
    auto span = mlflow::start_span("Task", SpanType::UNKNOWN,
                                   SpanOptions().set_start_time(start_ms * 1'000'000));
    span.set_inputs("Does mlflow support tracing?");
    span.set_attribute("mlflow.trace.intermediate_outputs",
                       json{{"retrieved_documents", {"mlflow documentation"}}});
    mlflow::update_current_trace(TraceUpdate().set_tag("source", "log"));
    span.set_outputs("Yes");
    span.end((start_ms + execution_ms) * 1'000'000);
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 1u);
  const json& span = trace["data"]["spans"][0];
  EXPECT_EQ(span["start_time_unix_nano"], start_ms * 1'000'000);
  EXPECT_EQ(span["end_time_unix_nano"], (start_ms + execution_ms) * 1'000'000);
  EXPECT_EQ(trace["info"]["execution_duration_ms"], execution_ms);
  EXPECT_EQ(trace["info"]["tags"]["source"], "log");
  EXPECT_EQ(trace["info"]["request_preview"], "\"Does mlflow support tracing?\"");  // JSON text
  EXPECT_EQ(attribute(span, "mlflow.trace.intermediate_outputs")["retrieved_documents"][0],
            "mlflow documentation");
}

TEST_F(SpanTest, ExplicitParentInsteadOfTheCurrentSpan) {
  std::string a_trace, a_span, b_trace;
  Context a_context;
  {
    auto a = mlflow::start_span("a");
    a_trace = a.trace_id();
    a_span = a.span_id();
    a_context = Context::current();
    auto b = mlflow::start_span("b", SpanType::UNKNOWN, [] {
      SpanOptions options;
      options.parent = Context();  // a new trace, though `a` is current
      return options;
    }());
    b_trace = b.trace_id();
    EXPECT_NE(b_trace, a_trace);
    {
      SpanOptions options;
      options.parent = a_context;  // a child of `a`, though `b` is current
      auto c = mlflow::start_span("c", SpanType::UNKNOWN, options);
      EXPECT_EQ(c.trace_id(), a_trace);
      EXPECT_EQ(mlflow::get_current_active_span().span_id(), c.span_id());
      auto d = mlflow::start_span("d");  // under c, the current span
      EXPECT_EQ(d.trace_id(), a_trace);
    }
    EXPECT_EQ(mlflow::get_current_active_span().trace_id(), b_trace);
  }
  {
    SpanOptions options;
    options.parent = mlflow::extract_traceparent(
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    auto remote = mlflow::start_span("remote_child", SpanType::UNKNOWN, options);
    EXPECT_EQ(remote.trace_id(), "tr-0af7651916cd43dd8448eb211c80319c");
  }
  std::map<std::string, json> by_name;
  for (const json& trace : stored_traces())
    for (const json& span : trace["data"]["spans"]) by_name[span["name"]] = span;
  ASSERT_EQ(by_name.size(), 5u);
  auto hex_of = [](const json& base64_id) {
    return detail::to_hex(
        detail::big_endian_word(detail::id_bytes_from_base64(base64_id, 8, "span id")));
  };
  EXPECT_EQ(hex_of(by_name["c"]["parent_span_id"]), a_span);
  EXPECT_EQ(hex_of(by_name["d"]["parent_span_id"]), hex_of(by_name["c"]["span_id"]));
  EXPECT_TRUE(by_name["b"]["parent_span_id"].is_null());
  EXPECT_EQ(hex_of(by_name["remote_child"]["parent_span_id"]), "b7ad6b7169203331");
}

// add_link: MLflow's Link.to_dict() shape in the store ("tr-" trace id, hex span id,
// attributes or null); ids that do not parse leave the link out.
TEST_F(SpanTest, LinksToOtherSpans) {
  {
    auto span = mlflow::start_span("linked");
    span.add_link("tr-0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                  {{"reason", "retry of"}, {"attempt", 2}});
    span.add_link("0AF7651916CD43DD8448EB211C80319D", "00f067aa0ba902b7");
    span.add_link("tr-123", "b7ad6b7169203331");                          // left out
    span.add_link("0af7651916cd43dd8448eb211c80319c", "0000000000000000");  // left out
  }
  json links = only_trace()["data"]["spans"][0]["links"];
  EXPECT_EQ(links, json::parse(R"([
    {"trace_id": "tr-0af7651916cd43dd8448eb211c80319c", "span_id": "b7ad6b7169203331",
     "attributes": {"reason": "retry of", "attempt": 2}},
    {"trace_id": "tr-0af7651916cd43dd8448eb211c80319d", "span_id": "00f067aa0ba902b7",
     "attributes": null}])"));
}

TEST_F(SpanTest, TokenUsageIsNotCountedTwiceThroughAncestors) {
  auto usage = [](int in, int out) {
    return json{{"input_tokens", in}, {"output_tokens", out}, {"total_tokens", in + out}};
  };
  {
    auto root = mlflow::start_span("root");
    {
      auto wrapper = mlflow::start_span("wrapper");  // sums its children already
      wrapper.set_attribute("mlflow.chat.tokenUsage", usage(10, 20));
      auto inner = mlflow::start_span("inner");
      inner.set_attribute("mlflow.chat.tokenUsage", usage(10, 20));
    }
    auto other = mlflow::start_span("other");
    other.set_attribute("mlflow.chat.tokenUsage",
                        {{"input_tokens", 1}, {"output_tokens", 2}, {"total_tokens", 3},
                         {"cache_read_input_tokens", 4}});
  }
  json metadata = only_trace()["info"]["trace_metadata"];
  EXPECT_EQ(json::parse(metadata["mlflow.trace.tokenUsage"].get<std::string>()),
            json({{"input_tokens", 11}, {"output_tokens", 22}, {"total_tokens", 33},
                  {"cache_read_input_tokens", 4}}));
}

TEST_F(SpanTest, PreviewsOfNonChatValuesAreTheirJsonText) {
  {
    auto root = mlflow::start_span("root");
    root.set_inputs({{"q", "what is up"}});
    root.set_outputs(std::string(1500, 'x'));
  }
  json info = only_trace()["info"];
  EXPECT_EQ(info["request_preview"], "{\"q\": \"what is up\"}");
  std::string response = info["response_preview"];
  EXPECT_EQ(response.size(), 1000u);
  EXPECT_EQ(response.substr(0, 2), "\"x");
  EXPECT_EQ(response.substr(997), "...");
}

TEST_F(SpanTest, InvalidUtf8IsStoredAsReplacementCharacters) {
  {
    auto root = mlflow::start_span("bad\xff name");
    root.set_inputs({{"raw", std::string("ok\xc3(")}});
  }
  json span = only_trace()["data"]["spans"][0];
  EXPECT_EQ(span["name"], "bad\xef\xbf\xbd name");
  EXPECT_EQ(attribute(span, "mlflow.spanInputs"), json({{"raw", "ok\xef\xbf\xbd("}}));
}

}  // namespace
}  // namespace mlflow::testing

namespace mlflow::testing {
namespace {

// A thread that exits with its spans open, handed to another thread that ends them later: the
// trace outlives the thread's stack and is delivered whole (the stack used to drop the trace's
// only share at thread exit, and ending the spans wrote into freed memory).
TEST_F(SpanTest, SpansOutliveTheThreadThatStartedThem) {
  std::vector<mlflow::Span> handed_over;
  std::thread starter([&handed_over] {
    auto root = mlflow::start_span("parked_root", SpanType::AGENT);
    auto child = mlflow::start_span("parked_child", SpanType::TOOL);
    child.set_outputs(7);
    handed_over.push_back(std::move(root));
    handed_over.push_back(std::move(child));
  });  // exits with both open
  starter.join();
  // Another thread starts spans of its own meanwhile (its stack may sit where the first one was).
  std::thread other([] { auto span = mlflow::start_span("other"); });
  other.join();
  handed_over[1].end();
  handed_over[0].end();
  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 2u);
  const json* parked = nullptr;
  for (const json& trace : traces)
    if (trace["data"]["spans"][0]["name"] == "parked_root") parked = &trace;
  ASSERT_NE(parked, nullptr);
  const json& spans = (*parked)["data"]["spans"];
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1]["name"], "parked_child");
  EXPECT_EQ(spans[1]["parent_span_id"], spans[0]["span_id"]);
  EXPECT_EQ(attribute(spans[1], "mlflow.spanOutputs"), 7);
}

}  // namespace
}  // namespace mlflow::testing
