// span_processor_test.cpp: mlflow::tracing::configure's span processors (Python's
// mlflow.tracing.configure(span_processors=...)), checked on what the local store holds.
#include <atomic>
#include <map>
#include <string>

#include "test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class SpanProcessorTest : public TracingTest {
 protected:
  void TearDown() override {
    tracing::configure({});
    TracingTest::TearDown();
  }
};

// A processor reads a span's values and replaces them before export: the redaction example of
// MLflow's documentation (with names the built-in secret masking, which runs after the
// processors, leaves alone). Processors run in order, each on every span.
TEST_F(SpanProcessorTest, ProcessorsRedactRenameAndDropBeforeExport) {
  std::atomic<int> seen{0};
  tracing::configure({{
      [&](tracing::ProcessedSpan& span) {
        ++seen;
        if (span.inputs_json().find("home_address") != std::string::npos)
          span.set_inputs(json{{"home_address", "[REDACTED]"}});
        if (span.attribute_json("internal_note")) span.set_attribute("internal_note", "[REDACTED]");
        span.remove_attribute("bulky");
      },
      [](tracing::ProcessedSpan& span) {
        if (span.span_type() == "TOOL") span.set_name("tool:" + span.name());
        if (span.outputs_json() == "42") span.set_outputs_json("43");
      },
  }});
  {
    auto root = mlflow::start_span("login", SpanType::AGENT);
    root.set_inputs(json{{"home_address", "1 Main St"}});
    root.set_attribute("internal_note", "n").set_attribute("bulky", "x").set_attribute("kept", 1);
    auto tool = mlflow::start_span("lookup", SpanType::TOOL);
    tool.set_outputs(42);
  }
  json trace = only_trace();
  EXPECT_EQ(seen.load(), 2);
  json root = span_named(trace, "login");
  EXPECT_EQ(attribute(root, "mlflow.spanInputs"), json({{"home_address", "[REDACTED]"}}));
  EXPECT_EQ(attribute(root, "internal_note"), "[REDACTED]");
  EXPECT_EQ(attribute(root, "bulky"), "<absent>");
  EXPECT_EQ(attribute(root, "kept"), 1);
  json tool = span_named(trace, "tool:lookup");
  EXPECT_EQ(attribute(tool, "mlflow.spanOutputs"), 43);
}

// A processor that throws leaves its span as it was left, and the trace is exported; the
// others still run. configure({}) removes the processors.
TEST_F(SpanProcessorTest, AThrowingProcessorLosesNothing) {
  tracing::configure({{
      [](tracing::ProcessedSpan&) { throw std::runtime_error("processor bug"); },
      [](tracing::ProcessedSpan& span) { span.set_attribute("after", true); },
  }});
  { auto span = mlflow::start_span("survives"); }
  json first = only_trace();
  EXPECT_EQ(attribute(span_named(first, "survives"), "after"), true);

  tracing::configure({});
  std::filesystem::remove_all(dir_);
  { auto span = mlflow::start_span("unprocessed"); }
  EXPECT_EQ(attribute(span_named(only_trace(), "unprocessed"), "after"), "<absent>");
}

// The built-in secret masking runs after the processors: what a processor writes is masked too.
TEST_F(SpanProcessorTest, SecretsAProcessorWritesAreMasked) {
  tracing::configure({{[](tracing::ProcessedSpan& span) {
    span.set_attribute("api_key", "sk-proj-0123456789abcdefghij");
  }}});
  { auto span = mlflow::start_span("masked_after"); }
  EXPECT_EQ(attribute(span_named(only_trace(), "masked_after"), "api_key"), "***");
}

// configure_scope (Python's `with mlflow.tracing.configure(...)`): the processors before the
// scope come back when it ends, nested scopes in reverse order.
TEST_F(SpanProcessorTest, ScopedConfigurationIsRestored) {
  auto mark = [](const char* value) {
    return tracing::TracingConfig{{[value](tracing::ProcessedSpan& span) {
      span.set_attribute("mark", value);
    }}};
  };
  tracing::configure(mark("outer"));
  auto traced = [&](const char* name) {
    { auto span = mlflow::start_span(name); }
    EXPECT_TRUE(tracing::flush());  // exported under the processors of the moment
  };
  traced("before");
  {
    auto scope = tracing::configure_scope(mark("scoped"));
    traced("in_scope");
    {
      auto inner = tracing::configure_scope({});
      traced("in_inner");
    }
    traced("back_in_scope");
  }
  traced("after");
  std::map<std::string, json> marks;
  for (const json& trace : stored_traces()) {
    const json& span = trace["data"]["spans"][0];
    marks[span["name"]] = attribute(span, "mark");
  }
  EXPECT_EQ(marks, (std::map<std::string, json>{{"before", "outer"},
                                                {"in_scope", "scoped"},
                                                {"in_inner", "<absent>"},
                                                {"back_in_scope", "scoped"},
                                                {"after", "outer"}}));
}

// What a processor reads: the ids, and a function span's inputs as recorded ({} for none).
TEST_F(SpanProcessorTest, ProcessorsSeeIdsAndValues) {
  std::string trace_id, span_id, seen_trace, seen_span, inputs, keys;
  tracing::configure({{[&](tracing::ProcessedSpan& span) {
    seen_trace = span.trace_id();
    seen_span = span.span_id();
    inputs = span.inputs_json();
    for (const auto& key : span.attribute_keys()) keys += key + ";";
  }}});
  {
    auto span = mlflow::start_span("values");
    trace_id = span.trace_id();
    span_id = span.span_id();
    span.set_inputs(json{{"q", "x"}});
    span.set_attribute("a", 1).set_attribute("b", 2);
  }
  ASSERT_TRUE(tracing::flush());
  EXPECT_EQ(seen_trace, trace_id);
  EXPECT_EQ(seen_span, span_id);
  EXPECT_EQ(json::parse(inputs), json({{"q", "x"}}));
  EXPECT_EQ(keys, "a;b;");
}

}  // namespace
}  // namespace mlflow::testing
