// propagation_test.cpp: a trace continues in another service through the W3C traceparent header
// (mlflow/propagation.h): the header's exact form, the spec's rules for reading it, and the
// spans and completed trace on the receiving side.
#include <regex>
#include <string>
#include <thread>

#include "test_support.h"
#include "core/trace_state.h"
#include "format/trace_dict.h"
#include "format/trace_from_dict.h"
#include "format/trace_info.h"
#include "propagation/traceparent.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

// A header as another service would send it.
constexpr const char* kRemoteTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* kRemoteSpan = "00f067aa0ba902b7";
constexpr detail::SpanId kRemoteSpanId = 0x00f067aa0ba902b7ULL;
const std::string kSampledHeader = std::string("00-") + kRemoteTrace + "-" + kRemoteSpan + "-01";
const std::string kUnsampledHeader = std::string("00-") + kRemoteTrace + "-" + kRemoteSpan + "-00";

class PropagationTest : public TracingTest {};

TEST_F(PropagationTest, HeaderNamesTheCurrentSpan) {
  auto span = mlflow::start_span("caller", SpanType::TOOL);
  const std::string header = mlflow::inject_traceparent();
  EXPECT_TRUE(std::regex_match(header, std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-01"))) << header;
  EXPECT_EQ(header, "00-" + span.trace_id().substr(3) + "-" + span.span_id() + "-01");
  EXPECT_EQ(mlflow::inject_traceparent(mlflow::Context::current()), header);
  {
    auto child = mlflow::start_span("child");
    EXPECT_EQ(mlflow::inject_traceparent(),
              "00-" + span.trace_id().substr(3) + "-" + child.span_id() + "-01");
  }
  EXPECT_EQ(mlflow::inject_traceparent(), header);
}

TEST_F(PropagationTest, NoHeaderWithoutASpanOrWhileDisabled) {
  EXPECT_EQ(mlflow::inject_traceparent(), "");
  EXPECT_EQ(mlflow::inject_traceparent(mlflow::Context()), "");
  auto span = mlflow::start_span("caller");
  const mlflow::Context ctx = mlflow::Context::current();
  mlflow::tracing::disable();
  EXPECT_EQ(mlflow::inject_traceparent(), "");
  EXPECT_EQ(mlflow::inject_traceparent(ctx), "");
  mlflow::tracing::enable();
  EXPECT_NE(mlflow::inject_traceparent(ctx), "");
}

TEST_F(PropagationTest, RoundTripContinuesTheTraceInTheOtherService) {
  std::string header, caller_trace_id, caller_span_id;
  {
    auto caller = mlflow::start_span("caller", SpanType::AGENT);
    caller_trace_id = caller.trace_id();
    caller_span_id = caller.span_id();
    header = mlflow::inject_traceparent();
    // The "other service": a thread of its own, with nothing but the header.
    std::thread([header] {
      auto scope = mlflow::extract_traceparent(header).attach();
      auto handler = mlflow::start_span("handler", SpanType::RETRIEVER);
      handler.set_inputs({{"query", "q"}});
      auto step = mlflow::start_span("step");
    }).join();
  }
  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 2u);
  const json& callee = traces[0]["data"]["spans"].size() == 2 ? traces[0] : traces[1];
  const json& caller = traces[0]["data"]["spans"].size() == 2 ? traces[1] : traces[0];
  ASSERT_EQ(callee["data"]["spans"].size(), 2u);
  ASSERT_EQ(caller["data"]["spans"].size(), 1u);

  // One trace id across both services.
  EXPECT_EQ(callee["info"]["trace_id"], caller_trace_id);
  EXPECT_EQ(callee["data"]["spans"][0]["trace_id"], caller["data"]["spans"][0]["trace_id"]);
  // The local root is first, and its parent is the caller's span (not null).
  const json& handler = callee["data"]["spans"][0];
  EXPECT_EQ(handler["name"], "handler");
  EXPECT_EQ(handler["parent_span_id"], caller["data"]["spans"][0]["span_id"]);
  EXPECT_EQ(span_named(callee, "step")["parent_span_id"], handler["span_id"]);
  // The trace info comes from the local root.
  EXPECT_EQ(callee["info"]["tags"]["mlflow.traceName"], "handler");
  EXPECT_EQ(callee["info"]["request_preview"], R"({"query": "q"})");
}

TEST_F(PropagationTest, ExtractedContextWorksOnAnyThreadAndPassesOnUnchanged) {
  const mlflow::Context remote = mlflow::extract_traceparent(kSampledHeader);
  ASSERT_FALSE(remote.empty());
  // A service that forwards the request without a span of its own passes the caller's span on.
  EXPECT_EQ(mlflow::inject_traceparent(remote), kSampledHeader);
  std::string worker_trace_id, worker_span_id, header_from_worker;
  std::thread([&] {
    auto scope = remote.attach();
    EXPECT_EQ(mlflow::inject_traceparent(), kSampledHeader);
    EXPECT_EQ(mlflow::inject_traceparent(mlflow::Context::current()), kSampledHeader);
    auto worker = mlflow::start_span("worker");
    EXPECT_TRUE(worker.is_recording());
    worker_trace_id = worker.trace_id();
    worker_span_id = worker.span_id();
    header_from_worker = mlflow::inject_traceparent();
  }).join();
  EXPECT_EQ(worker_trace_id, std::string("tr-") + kRemoteTrace);
  EXPECT_EQ(header_from_worker,
            std::string("00-") + kRemoteTrace + "-" + worker_span_id + "-01");
  json trace = only_trace();
  EXPECT_EQ(trace["data"]["spans"][0]["parent_span_id"], detail::to_base64(kRemoteSpanId));
  // Detached: this thread's spans start their own traces again.
  auto later = mlflow::start_span("later");
  EXPECT_NE(later.trace_id(), std::string("tr-") + kRemoteTrace);
}

TEST_F(PropagationTest, InvalidHeadersGiveAnEmptyContext) {
  const std::string trace = kRemoteTrace, span = kRemoteSpan;
  const std::string invalid[] = {
      "",
      "00",
      "00-" + trace + "-" + span + "-0",                      // one character short
      "00-" + trace + "-" + span + "-011",                    // one too many for version 00
      "00-" + trace + "-" + span + "-01-extra",               // extra field in version 00
      "00-" + trace.substr(1) + "-" + span + "-01",           // trace id too short
      "00-" + trace + "0-" + span + "-01",                    // trace id too long
      "00-" + trace + "-" + span.substr(1) + "-01",           // span id too short
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + span + "-01",  // upper-case hex
      "00-" + trace + "-00F067AA0BA902B7-01",
      "00-" + trace + "-" + span + "-0A",
      "0A-" + trace + "-" + span + "-01",
      "00-00000000000000000000000000000000-" + span + "-01",  // all-zero trace id
      "00-" + trace + "-0000000000000000-01",                 // all-zero span id
      "ff-" + trace + "-" + span + "-01",                     // version ff is never valid
      "00_" + trace + "_" + span + "_01",                     // wrong separators
      "00-" + trace + "+" + span + "-01",
      "00-" + trace + "-" + span + ".01",
      "0-0" + trace + "-" + span + "-01",
      "00-" + trace.substr(0, 31) + "g-" + span + "-01",      // not hex
      "00-" + trace + "-" + span + "-x1",
      "00- " + trace.substr(1) + "-" + span + "-01",
      "cc-" + trace + "-" + span + "-01.future",              // a later version's extra needs '-'
      "cc-" + trace + "-" + span,                             // shorter than version 00
      "traceparent: 00-" + trace + "-" + span + "-01",
  };
  for (const std::string& header : invalid) {
    EXPECT_TRUE(mlflow::extract_traceparent(header).empty()) << header;
    EXPECT_FALSE(detail::parse_traceparent(header).has_value()) << header;
  }
  // Attaching the empty context starts a new trace, as the spec asks for an invalid header.
  auto scope = mlflow::extract_traceparent("00-" + trace + "-" + span + "-0A").attach();
  auto span_here = mlflow::start_span("fresh");
  EXPECT_TRUE(span_here.is_recording());
  EXPECT_NE(span_here.trace_id(), "tr-" + trace);
}

TEST_F(PropagationTest, ValidVariantsAreAccepted) {
  const std::string trace = kRemoteTrace, span = kRemoteSpan;
  struct Case {
    std::string header;
    bool sampled;
  };
  const Case valid[] = {
      {kSampledHeader, true},
      {kUnsampledHeader, false},
      {"00-" + trace + "-" + span + "-09", true},    // unknown flag bits are ignored
      {"00-" + trace + "-" + span + "-fe", false},
      {"01-" + trace + "-" + span + "-01", true},    // a later version, same size
      {"cc-" + trace + "-" + span + "-01-what-the-future-will-be-like", true},
      {" \t" + kSampledHeader + " ", true},          // HTTP's optional whitespace
  };
  for (const Case& c : valid) {
    auto parsed = detail::parse_traceparent(c.header);
    ASSERT_TRUE(parsed.has_value()) << c.header;
    EXPECT_EQ(detail::to_hex(parsed->trace_id), trace);
    EXPECT_EQ(parsed->parent_span_id, kRemoteSpanId);
    EXPECT_EQ(parsed->sampled, c.sampled) << c.header;
    const mlflow::Context ctx = mlflow::extract_traceparent(c.header);
    EXPECT_FALSE(ctx.empty()) << c.header;
    // What is passed on is always version 00 with only the sampled flag.
    EXPECT_EQ(mlflow::inject_traceparent(ctx), c.sampled ? kSampledHeader : kUnsampledHeader);
  }
}

TEST_F(PropagationTest, UnsampledCallerMeansNothingIsRecordedButTheTraceIsPassedOn) {
  {
    auto scope = mlflow::extract_traceparent(kUnsampledHeader).attach();
    EXPECT_EQ(mlflow::inject_traceparent(), kUnsampledHeader);
    auto handler = mlflow::start_span("handler");
    EXPECT_FALSE(handler.is_recording());
    auto child = mlflow::start_span("child");
    EXPECT_FALSE(child.is_recording());
    // Requests sent from here still belong to the caller's (unsampled) trace.
    const std::string header = mlflow::inject_traceparent();
    EXPECT_TRUE(std::regex_match(
        header, std::regex(std::string("00-") + kRemoteTrace + "-[0-9a-f]{16}-00")))
        << header;
    EXPECT_NE(header, kUnsampledHeader);  // the dropped span has an id of its own
    std::thread([ctx = mlflow::Context::current()] {
      auto scope = ctx.attach();
      auto worker = mlflow::start_span("worker");
      EXPECT_FALSE(worker.is_recording());
    }).join();
  }
  EXPECT_TRUE(stored_traces().empty());
}

// A sampling ratio of 0 drops every trace started here, but not one the caller sampled.
class ParentBasedSamplingTest : public TracingTest {
  void configure(detail::Config& config) override { config.sampling_ratio = 0.0; }
};

TEST_F(ParentBasedSamplingTest, SampledCallerIsRecordedWhateverTheLocalRatio) {
  {
    auto local = mlflow::start_span("local");
    EXPECT_FALSE(local.is_recording());
    // An unsampled trace started here still sends a well-formed header, flagged 00.
    EXPECT_TRUE(std::regex_match(mlflow::inject_traceparent(),
                                 std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-00")));
  }
  {
    auto scope = mlflow::extract_traceparent(kSampledHeader).attach();
    auto handler = mlflow::start_span("handler");
    EXPECT_TRUE(handler.is_recording());
  }
  json trace = only_trace();
  EXPECT_EQ(trace["info"]["trace_id"], std::string("tr-") + kRemoteTrace);
  EXPECT_EQ(trace["data"]["spans"][0]["name"], "handler");
}

// Unsampled spans draw their ids only when asked (span_stack.h); asked at any point, every
// span of the dropped trace names the same trace, and each span keeps its own id.
TEST_F(ParentBasedSamplingTest, DroppedTraceIdsAreDrawnLazilyAndStayConsistent) {
  auto parts = [](const std::string& header) {
    EXPECT_TRUE(std::regex_match(header, std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-00"))) << header;
    return std::make_pair(header.substr(3, 32), header.substr(36, 16));
  };
  auto root = mlflow::start_span("root");
  {
    auto child = mlflow::start_span("child");  // pushed before anyone asked for an id
    {
      auto grandchild = mlflow::start_span("grandchild");
      const auto [trace, span] = parts(mlflow::inject_traceparent());
      EXPECT_EQ(parts(mlflow::inject_traceparent()), std::make_pair(trace, span));  // stable
      grandchild.end();
      const auto [child_trace, child_span] = parts(mlflow::inject_traceparent());
      EXPECT_EQ(child_trace, trace);
      EXPECT_NE(child_span, span);
    }
    const auto child_ids = parts(mlflow::inject_traceparent());
    child.end();
    const auto [root_trace, root_span] = parts(mlflow::inject_traceparent());
    EXPECT_EQ(root_trace, child_ids.first);
    EXPECT_NE(root_span, child_ids.second);
    // A later child of the same root: the same trace, asked or not asked before.
    auto late = mlflow::start_span("late");
    EXPECT_EQ(parts(mlflow::inject_traceparent()).first, root_trace);
  }
  root.end();
  // The next dropped trace is another trace.
  auto next = mlflow::start_span("next");
  const std::string next_header = mlflow::inject_traceparent();
  next.end();
  EXPECT_TRUE(stored_traces().empty());
  EXPECT_EQ(next_header.size(), 55u);
}

// W3C tracestate: the caller's entries come in with its traceparent and go out unchanged with
// every request sent from that part of the trace: from the local root, a child span, another
// thread's Context, and from under an unsampled caller too. None without one; a value over 512
// characters is dropped, as the spec allows.
TEST_F(PropagationTest, TracestateIsPassedOnUnchanged) {
  const std::string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  const std::string tracestate = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
  {
    auto scope = mlflow::extract_traceparent(traceparent, "  " + tracestate + " ").attach();
    EXPECT_EQ(mlflow::inject_tracestate(), tracestate);  // before any span: the context itself
    auto root = mlflow::start_span("handle");
    EXPECT_EQ(mlflow::inject_tracestate(), tracestate);
    auto child = mlflow::start_span("call_out");
    EXPECT_EQ(mlflow::inject_tracestate(), tracestate);
    const Context here = Context::current();
    std::string on_worker;
    std::thread([&] {
      auto worker = here.attach();
      auto span = mlflow::start_span("worker");
      on_worker = mlflow::inject_tracestate();
    }).join();
    EXPECT_EQ(on_worker, tracestate);
  }
  {
    auto scope = mlflow::extract_traceparent(
        "00-0af7651916cd43dd8448eb211c80319d-b7ad6b7169203331-00", tracestate).attach();
    auto unsampled = mlflow::start_span("not_recorded");
    EXPECT_EQ(mlflow::inject_tracestate(), tracestate);
  }
  {
    auto span = mlflow::start_span("started_here");
    EXPECT_EQ(mlflow::inject_tracestate(), "");
  }
  EXPECT_EQ(mlflow::inject_tracestate(
                mlflow::extract_traceparent(traceparent, "k=" + std::string(511, 'v'))),
            "");
  EXPECT_EQ(mlflow::inject_tracestate(mlflow::extract_traceparent(traceparent)), "");
}

TEST_F(PropagationTest, EachRequestIsItsOwnPartOfTheTrace) {
  const mlflow::Context remote = mlflow::extract_traceparent(kSampledHeader);
  for (int i = 0; i < 2; ++i) {
    auto scope = remote.attach();
    auto handler = mlflow::start_span("handler");
  }
  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 2u);
  for (const json& trace : traces) {
    EXPECT_EQ(trace["info"]["trace_id"], std::string("tr-") + kRemoteTrace);
    EXPECT_EQ(trace["data"]["spans"][0]["parent_span_id"], detail::to_base64(kRemoteSpanId));
  }
  EXPECT_NE(traces[0]["data"]["spans"][0]["span_id"], traces[1]["data"]["spans"][0]["span_id"]);
}

// The runtime's side: the completed trace knows its remote parent, and the local root is found
// by being first, not by having no parent.
TEST(RemoteParentTrace, CompletesWhenTheLocalRootEnds) {
  const detail::TraceId trace_id{0x4bf92f3577b34da6ULL, 0xa3ce929d0e0e4736ULL};
  detail::TraceState state(trace_id, "0");
  detail::SpanRecord* root = state.open_span(kRemoteSpanId, detail::SpanName("handler"), "CHAIN");
  detail::SpanRecord* child = state.open_span(root->span_id, detail::SpanName("step"), "TOOL");
  child->end_unix_nano = child->start_unix_nano + 1;
  EXPECT_EQ(state.end_span(child), nullptr);
  root->end_unix_nano = root->start_unix_nano + 2;
  auto done = state.end_span(root);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->remote_parent_span_id(), kRemoteSpanId);
  ASSERT_EQ(done->spans.size(), 2u);
  EXPECT_EQ(&done->root(), root);
  EXPECT_EQ(done->root().parent_span_id, kRemoteSpanId);

  EXPECT_EQ(detail::derive_trace_info(*done).tags["mlflow.traceName"], "handler");
  json dict = detail::trace_to_dict(*done);
  EXPECT_EQ(dict["data"]["spans"][0]["parent_span_id"], detail::to_base64(kRemoteSpanId));
  EXPECT_EQ(dict["data"]["spans"][1]["parent_span_id"], detail::to_base64(root->span_id));

  // Read back (as `mlflow-cpp push` does), the remote parent is still known.
  auto again = detail::completed_trace_from_dict(dict);
  EXPECT_EQ(again->remote_parent_span_id(), kRemoteSpanId);
  EXPECT_EQ(again->trace_id, trace_id);
}

TEST(RemoteParentTrace, TraceStartedHereHasNoRemoteParent) {
  detail::TraceState state(detail::new_trace_id(), "0");
  detail::SpanRecord* root = state.open_span(0, detail::SpanName("root"), "CHAIN");
  auto done = state.end_span(root);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->remote_parent_span_id(), 0u);
  EXPECT_TRUE(detail::span_to_dict(done->root(), done->trace_id)["parent_span_id"].is_null());
}

TEST(Traceparent, FormatIsVersion00WithTheSampledFlag) {
  detail::TraceParent parent;
  parent.trace_id = detail::TraceId{0x4bf92f3577b34da6ULL, 0xa3ce929d0e0e4736ULL};
  parent.parent_span_id = kRemoteSpanId;
  parent.sampled = true;
  EXPECT_EQ(detail::format_traceparent(parent), kSampledHeader);
  parent.sampled = false;
  EXPECT_EQ(detail::format_traceparent(parent), kUnsampledHeader);
  parent.trace_id = detail::TraceId{0, 1};
  parent.parent_span_id = 2;
  EXPECT_EQ(detail::format_traceparent(parent),
            "00-00000000000000000000000000000001-0000000000000002-00");
}

}  // namespace
}  // namespace mlflow::testing
