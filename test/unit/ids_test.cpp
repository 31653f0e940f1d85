// ids_test.cpp: trace and span ids and their three spellings (ids.h).
#include "core/ids.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>

namespace {
using namespace mlflow::detail;

TEST(Ids, SpellingsMatchMlflowsExamples) {
  // A trace id and span id as MLflow's Span.to_dict() spells them: "tr-" + 32 hex digits for
  // the trace, the OTLP ids base64-encoded on the wire and 16 hex digits in span dicts.
  TraceId trace{0x5b8efff798038103ULL, 0xd269b633813fc60cULL};
  EXPECT_EQ(mlflow_trace_id(trace), "tr-5b8efff798038103d269b633813fc60c");
  EXPECT_EQ(to_base64(trace), "W47/95gDgQPSabYzgT/GDA==");
  EXPECT_EQ(to_base64(SpanId{0x0f1e2d3c4b5a6978ULL}), "Dx4tPEtaaXg=");
  EXPECT_EQ(to_hex(SpanId{0x0f1e2d3c4b5a6978ULL}), "0f1e2d3c4b5a6978");
  EXPECT_EQ(to_hex(SpanId{1}), "0000000000000001");
}

TEST(Ids, FreshIdsAreWellFormedAndDistinct) {
  const std::regex trace_id("tr-[0-9a-f]{32}");
  const std::regex span_id("[0-9a-f]{16}");
  std::set<std::string> traces, spans;
  for (int i = 0; i < 10000; ++i) {
    TraceId t = new_trace_id();
    SpanId s = new_span_id();
    ASSERT_NE(s, 0u);
    ASSERT_TRUE(std::regex_match(mlflow_trace_id(t), trace_id));
    ASSERT_TRUE(std::regex_match(to_hex(s), span_id));
    traces.insert(to_hex(t));
    spans.insert(to_hex(s));
  }
  EXPECT_EQ(traces.size(), 10000u);
  EXPECT_EQ(spans.size(), 10000u);
}

TEST(Ids, ThreadsDrawDifferentIds) {
  SpanId a = 0, b = 0;
  std::thread ta([&] { a = new_span_id(); });
  std::thread tb([&] { b = new_span_id(); });
  ta.join();
  tb.join();
  EXPECT_NE(a, b);
}

}  // namespace
