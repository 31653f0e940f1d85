// foreign_context_test.cpp: the span stack's side of a bridge to another tracing library's
// context (mlflow/detail/foreign_context.h), which <mlflow/opentelemetry.h> builds on. The other
// library here is a small one of the test's own: a per-thread stack of attached spans, each with
// the span stack's depth when it was attached, and the same rule as the opentelemetry-cpp bridge
// for which span is newer. (The bridge itself, against opentelemetry-cpp: test/opentelemetry/.)
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <mlflow/detail/foreign_context.h>
#include <mlflow/propagation.h>

#include "support/base64.h"
#include "test_support.h"

namespace mlflow::testing {
namespace {

using detail::ForeignSpanIds;
using nlohmann::json;

// The other library: spans with W3C ids, made current by attach(), in a stack per thread.
struct OtherSpan {
  ForeignSpanIds ids;
  std::size_t depth = 0;  // the span stack's depth when attached
};
thread_local std::vector<OtherSpan> t_attached;
std::string last_parent;  // the parent span id (hex) the last other_start() took

std::string hex(const unsigned char* bytes, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

// A span of the other library started now: its parent is whichever current span is newer (the
// bridge's GetCurrent); a new trace when there is none.
OtherSpan other_start(bool sampled_root = true) {
  static std::mt19937_64 random(42);
  OtherSpan span;
  const std::size_t depth = detail::span_stack_depth();
  ForeignSpanIds parent;
  bool has_parent = false;
  if (depth > 0 && (t_attached.empty() || t_attached.back().depth < depth)) {
    has_parent = detail::current_span_ids(parent);
  } else if (!t_attached.empty()) {
    parent = t_attached.back().ids;
    has_parent = true;
  }
  last_parent.clear();
  if (has_parent) {
    last_parent = hex(parent.span_id, 8);
    std::memcpy(span.ids.trace_id, parent.trace_id, 16);
    span.ids.sampled = parent.sampled;
  } else {
    for (auto& b : span.ids.trace_id) b = static_cast<unsigned char>(random());
    span.ids.sampled = sampled_root;
  }
  for (auto& b : span.ids.span_id) b = static_cast<unsigned char>(random() | 1);
  return span;
}

void other_attach(OtherSpan span) {
  span.depth = detail::span_stack_depth();
  t_attached.push_back(span);
}
void other_detach() { t_attached.pop_back(); }

bool hook(std::size_t depth, ForeignSpanIds& parent) noexcept {
  if (t_attached.empty() || t_attached.back().depth < depth) return false;
  parent = t_attached.back().ids;
  return true;
}

class ForeignContextTest : public TracingTest {
 protected:
  void SetUp() override {
    TracingTest::SetUp();
    t_attached.clear();
    detail::set_foreign_parent_hook(&hook);
  }
  void TearDown() override {
    detail::set_foreign_parent_hook(nullptr);
    t_attached.clear();
    TracingTest::TearDown();
  }

  json part_with(const std::string& root_name) {
    for (auto& trace : stored_traces())
      if (trace["data"]["spans"][0]["name"] == root_name) return trace;
    ADD_FAILURE() << "no trace part rooted at " << root_name;
    return json();
  }
};

std::string base64_span_id(const ForeignSpanIds& ids) {
  return detail::base64_encode(std::string(reinterpret_cast<const char*>(ids.span_id), 8));
}

TEST_F(ForeignContextTest, AnOtherLibrarysCurrentSpanIsTheParentOfSpansStartedUnderIt) {
  const OtherSpan request = other_start();
  other_attach(request);
  std::string trace_id;
  {
    auto handle = mlflow::start_span("handle", SpanType::CHAIN);  // under the other's span
    trace_id = handle.trace_id();
    auto step = mlflow::start_span("step");  // under handle: the other's span is older now
  }
  other_detach();
  EXPECT_EQ(trace_id, "tr-" + hex(request.ids.trace_id, 16));
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 2u);
  const json handle = span_named(trace, "handle");
  EXPECT_EQ(handle["parent_span_id"], base64_span_id(request.ids));
  EXPECT_EQ(span_named(trace, "step")["parent_span_id"], handle["span_id"]);
}

// Interleaved: mlflow A > other B > mlflow C > other D > mlflow E. Each is the child of the one
// before it, all in one trace (mlflow's spans in two parts, as across two services).
TEST_F(ForeignContextTest, InterleavedSpansOfBothLibrariesFormOneTrace) {
  OtherSpan b, d;
  std::string a_id, c_id, trace_id, b_parent, d_parent;
  {
    auto a = mlflow::start_span("a");
    trace_id = a.trace_id();
    a_id = a.span_id();
    b = other_start();  // the bridge gives it `a` as its parent
    b_parent = last_parent;
    other_attach(b);
    {
      auto c = mlflow::start_span("c");
      c_id = c.span_id();
      EXPECT_EQ(c.trace_id(), trace_id);
      d = other_start();
      d_parent = last_parent;
      other_attach(d);
      { auto e = mlflow::start_span("e"); }
      other_detach();
    }
    other_detach();
    auto after = mlflow::start_span("after");  // under a again: b was detached
  }
  EXPECT_EQ("tr-" + hex(b.ids.trace_id, 16), trace_id);
  EXPECT_EQ("tr-" + hex(d.ids.trace_id, 16), trace_id);
  auto traces = stored_traces();
  ASSERT_EQ(traces.size(), 3u);  // a's part, c's part, e's part
  for (const auto& t : traces) EXPECT_EQ(t["info"]["trace_id"], trace_id);
  const json a_part = part_with("a");
  EXPECT_EQ(a_part["data"]["spans"].size(), 2u);  // a, after
  EXPECT_EQ(span_named(a_part, "after")["parent_span_id"], a_part["data"]["spans"][0]["span_id"]);
  EXPECT_EQ(part_with("c")["data"]["spans"][0]["parent_span_id"], base64_span_id(b.ids));
  EXPECT_EQ(part_with("e")["data"]["spans"][0]["parent_span_id"], base64_span_id(d.ids));
  // And the other library's spans had mlflow's as their parents (what current_span_ids gave).
  EXPECT_EQ(hex(d.ids.trace_id, 16), hex(b.ids.trace_id, 16));
  EXPECT_EQ(b_parent, a_id);
  EXPECT_EQ(d_parent, c_id);
}

// The other library's context naming this thread's own current span (its context taken while an
// mlflow span was current, then attached) is no foreign parent: spans nest as usual.
TEST_F(ForeignContextTest, TheOwnCurrentSpanHandedBackIsNotForeign) {
  {
    auto a = mlflow::start_span("a");
    OtherSpan same;
    ASSERT_TRUE(detail::current_span_ids(same.ids));
    other_attach(same);
    { auto b = mlflow::start_span("b"); }
    other_detach();
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 2u);
  EXPECT_EQ(span_named(trace, "b")["parent_span_id"], span_named(trace, "a")["span_id"]);
}

// The other library's sampling decision holds, as a traceparent's flags do.
TEST_F(ForeignContextTest, AnUnsampledForeignParentIsNotRecorded) {
  other_attach(other_start(/*sampled_root=*/false));
  {
    auto a = mlflow::start_span("a");
    EXPECT_FALSE(a.is_recording());
    ForeignSpanIds ids;
    ASSERT_TRUE(detail::current_span_ids(ids));
    EXPECT_FALSE(ids.sampled);
    EXPECT_EQ(hex(ids.trace_id, 16), hex(t_attached.back().ids.trace_id, 16));
  }
  other_detach();
  EXPECT_TRUE(stored_traces().empty());
}

TEST_F(ForeignContextTest, DepthAndCurrentIdsFollowTheSpanStack) {
  ForeignSpanIds ids;
  EXPECT_EQ(detail::span_stack_depth(), 0u);
  EXPECT_FALSE(detail::current_span_ids(ids));
  {
    auto a = mlflow::start_span("a");
    EXPECT_EQ(detail::span_stack_depth(), 1u);
    ASSERT_TRUE(detail::current_span_ids(ids));
    EXPECT_EQ("tr-" + hex(ids.trace_id, 16), a.trace_id());
    EXPECT_EQ(hex(ids.span_id, 8), a.span_id());
    EXPECT_TRUE(ids.sampled);
    {
      auto b = mlflow::start_span("b");
      EXPECT_EQ(detail::span_stack_depth(), 2u);
    }
    EXPECT_EQ(detail::span_stack_depth(), 1u);
    mlflow::tracing::disable();
    EXPECT_FALSE(detail::current_span_ids(ids));
    mlflow::tracing::enable();
  }
  EXPECT_EQ(detail::span_stack_depth(), 0u);
  // A context from another service's traceparent is the current span's place too.
  auto scope = mlflow::extract_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").attach();
  ASSERT_TRUE(detail::current_span_ids(ids));
  EXPECT_EQ(hex(ids.span_id, 8), "b7ad6b7169203331");
}

}  // namespace
}  // namespace mlflow::testing
