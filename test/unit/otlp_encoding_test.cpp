// otlp_encoding_test.cpp: the OTLP/protobuf bytes (otlp_encoding.h), checked byte for byte.
// test/otlp/ decodes a larger request with the official Python classes and MLflow's ingest.
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "format/otlp_encoding.h"

namespace {
using namespace mlflow::detail;
using mlflow::SpanStatusCode;
using nlohmann::json;

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// A length-delimited field whose tag and length each fit in one byte.
std::string ld(int tag, const std::string& content) {
  EXPECT_LT(content.size(), 128u);
  return bytes({tag, static_cast<int>(content.size())}) + content;
}

// KeyValue{key, AnyValue{string_value}} inside a field with the given tag byte.
std::string string_kv(int tag, const std::string& key, const std::string& value) {
  return ld(tag, ld(0x0a, key) + ld(0x12, ld(0x0a, value)));
}

std::string varint(std::uint64_t value) {
  ProtoWriter w;
  w.varint(value);
  return w.bytes();
}

TEST(ProtoWriter, Varints) {
  EXPECT_EQ(varint(0), bytes({0x00}));
  EXPECT_EQ(varint(1), bytes({0x01}));
  EXPECT_EQ(varint(127), bytes({0x7f}));
  EXPECT_EQ(varint(150), bytes({0x96, 0x01}));
  EXPECT_EQ(varint(300), bytes({0xac, 0x02}));
  EXPECT_EQ(varint(std::numeric_limits<std::uint64_t>::max()),
            bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(ProtoWriter, Fields) {
  ProtoWriter w;
  w.varint_field(1, 150);
  w.int64_field(3, -1);
  w.bool_field(2, false);
  w.fixed64_field(7, 0x0102030405060708ull);
  w.double_field(4, 1.0);
  w.bytes_field(5, "hi");
  w.bytes_field(16, "");
  EXPECT_EQ(w.bytes(),
            bytes({0x08, 0x96, 0x01,                                                  //
                   0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,  //
                   0x10, 0x00,                                                        //
                   0x39, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,              //
                   0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f,              //
                   0x2a, 0x02, 'h', 'i',                                              //
                   0x82, 0x01, 0x00}));
}

std::unique_ptr<SpanRecord> minimal_span() {
  auto span = std::make_unique<SpanRecord>();
  span->span_id = 0x1112131415161718ull;
  span->name = "s";
  span->span_type = "LLM";
  span->start_unix_nano = 1;
  span->end_unix_nano = 2;
  span->status = SpanStatusCode::OK;
  return span;
}

CompletedTrace trace_of(std::unique_ptr<SpanRecord> span) {
  CompletedTrace trace;
  trace.trace_id = {0x0102030405060708ull, 0x090a0b0c0d0e0f10ull};
  trace.spans.push_back(std::move(span));
  return trace;
}

// The Span message encode_export_trace_service_request writes for `span` (the only one).
std::string only_span_bytes(const CompletedTrace& trace) {
  std::string request = encode_export_trace_service_request({&trace}, OtlpResource{});
  // The span is the last field of ScopeSpans, itself the last field of the request: find it
  // after the scope's version string.
  std::string marker = std::string("\x12\x05") + MLFLOW_CPP_VERSION;
  auto at = request.find(marker);
  EXPECT_NE(at, std::string::npos);
  std::string rest = request.substr(at + marker.size());
  EXPECT_EQ(rest[0], 0x12);  // ScopeSpans.spans
  std::size_t length = 0, shift = 0, i = 1;
  for (; static_cast<unsigned char>(rest[i]) & 0x80; ++i, shift += 7)
    length |= (static_cast<std::size_t>(rest[i]) & 0x7f) << shift;
  length |= static_cast<std::size_t>(static_cast<unsigned char>(rest[i])) << shift;
  EXPECT_EQ(rest.size(), i + 1 + length);
  return rest.substr(i + 1);
}

const std::string kTraceIdBytes =
    bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
const std::string kSpanIdBytes = bytes({0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18});

TEST(OtlpEncoding, MinimalRequestByteForByte) {
  CompletedTrace trace = trace_of(minimal_span());
  OtlpResource resource;
  resource.service_name = "svc";

  std::string span = ld(0x0a, kTraceIdBytes) + ld(0x12, kSpanIdBytes) + ld(0x2a, "s") +
                     bytes({0x30, 0x01}) +                                      // kind INTERNAL
                     bytes({0x39, 1, 0, 0, 0, 0, 0, 0, 0}) +                    // start
                     bytes({0x41, 2, 0, 0, 0, 0, 0, 0, 0}) +                    // end
                     string_kv(0x4a, "mlflow.spanType", "LLM") +                // raw, unquoted
                     ld(0x7a, bytes({0x18, 0x01}));                             // status OK
  std::string resource_bytes = string_kv(0x0a, "service.name", "svc") +
                               string_kv(0x0a, "telemetry.sdk.language", "cpp") +
                               string_kv(0x0a, "telemetry.sdk.name", "mlflow-cpp") +
                               string_kv(0x0a, "telemetry.sdk.version", MLFLOW_CPP_VERSION);
  std::string scope = ld(0x0a, "mlflow-cpp") + ld(0x12, MLFLOW_CPP_VERSION);
  std::string scope_spans = ld(0x0a, scope) + ld(0x12, span);
  std::string resource_spans = ld(0x0a, resource_bytes) + ld(0x12, scope_spans);
  std::string expected = bytes({0x0a, static_cast<int>(resource_spans.size() & 0x7f) | 0x80,
                                static_cast<int>(resource_spans.size() >> 7)}) +
                         resource_spans;
  ASSERT_GE(resource_spans.size(), 128u);
  ASSERT_LT(resource_spans.size(), 16384u);

  EXPECT_EQ(encode_export_trace_service_request({&trace}, resource), expected);
}

TEST(OtlpEncoding, ChildSpanHasParentAndErrorStatus) {
  auto span = minimal_span();
  span->parent_span_id = 0x0102030405060708ull;
  span->status = SpanStatusCode::ERROR;
  span->status_message = "E: x";
  CompletedTrace trace = trace_of(std::move(span));
  std::string encoded = only_span_bytes(trace);
  EXPECT_EQ(encoded.substr(0, 18 + 10 + 10),
            ld(0x0a, kTraceIdBytes) + ld(0x12, kSpanIdBytes) +
                ld(0x22, bytes({1, 2, 3, 4, 5, 6, 7, 8})));
  EXPECT_EQ(encoded.substr(encoded.size() - 10), ld(0x7a, ld(0x12, "E: x") + bytes({0x18, 0x02})));
}

TEST(OtlpEncoding, UnsetStatusIsAnEmptyStatus) {
  auto span = minimal_span();
  span->status = SpanStatusCode::UNSET;
  CompletedTrace trace = trace_of(std::move(span));
  std::string encoded = only_span_bytes(trace);
  EXPECT_EQ(encoded.substr(encoded.size() - 2), bytes({0x7a, 0x00}));
}

TEST(OtlpEncoding, AttributeValues) {
  auto span = minimal_span();
  span->has_inputs = true;
  span->inputs = json{{"q", "hi"}};
  span->has_outputs = true;
  span->outputs = "plain";  // a string under a JSON-of-any-value key: JSON text
  span->attributes = {{"mlflow.traceRequestId", "tr-x"},
                      {"mlflow.llm.model", "gpt"},
                      {"n", -2},
                      {"u", 5u},
                      {"b", true},
                      {"d", 0.5},
                      {"nil", nullptr},
                      {"list", json::array({1, "a"})},
                      {"mlflow.chat.tokenUsage", json{{"input_tokens", 1}}}};
  CompletedTrace trace = trace_of(std::move(span));
  std::string encoded = only_span_bytes(trace);
  auto kv = [](const std::string& key, const std::string& any_value) {
    return ld(0x4a, ld(0x0a, key) + ld(0x12, any_value));
  };
  std::string expected_attributes =
      kv("mlflow.spanType", ld(0x0a, "LLM")) +
      kv("mlflow.spanInputs", ld(0x0a, R"({"q": "hi"})")) +
      kv("mlflow.spanOutputs", ld(0x0a, R"("plain")")) +
      kv("mlflow.llm.model", ld(0x0a, "gpt")) +
      kv("n", bytes({0x18, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})) +
      kv("u", bytes({0x18, 0x05})) + kv("b", bytes({0x10, 0x01})) +
      kv("d", bytes({0x21, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f})) + kv("nil", "") +
      kv("list", ld(0x0a, R"([1, "a"])")) +
      kv("mlflow.chat.tokenUsage", ld(0x0a, R"({"input_tokens": 1})"));
  EXPECT_NE(encoded.find(expected_attributes), std::string::npos);
  EXPECT_EQ(encoded.find("mlflow.traceRequestId"), std::string::npos);
  EXPECT_EQ(encoded.substr(encoded.size() - 4), ld(0x7a, bytes({0x18, 0x01})));
}

TEST(OtlpEncoding, EventsKeepNativeValues) {
  auto span = minimal_span();
  span->events.push_back({"exception", 7, json{{"exception.type", "E"}, {"count", 3},
                                               {"detail", json{{"k", 1}}}}});
  CompletedTrace trace = trace_of(std::move(span));
  std::string encoded = only_span_bytes(trace);
  auto kv = [](const std::string& key, const std::string& any_value) {
    return ld(0x1a, ld(0x0a, key) + ld(0x12, any_value));
  };
  // nlohmann::json objects iterate in key order.
  std::string event = bytes({0x09, 7, 0, 0, 0, 0, 0, 0, 0}) + ld(0x12, "exception") +
                      kv("count", bytes({0x18, 0x03})) + kv("detail", ld(0x0a, R"({"k": 1})")) +
                      kv("exception.type", ld(0x0a, "E"));
  EXPECT_NE(encoded.find(ld(0x5a, event)), std::string::npos);
}

TEST(OtlpEncoding, TextIsValidUtf8) {
  auto span = minimal_span();
  span->name = "a\xff";
  span->attributes = {{"k\xfe", "v\xc3"}};
  CompletedTrace trace = trace_of(std::move(span));
  std::string encoded = only_span_bytes(trace);
  EXPECT_NE(encoded.find(ld(0x2a, "a\xef\xbf\xbd")), std::string::npos);
  EXPECT_NE(encoded.find(ld(0x4a, ld(0x0a, "k\xef\xbf\xbd") + ld(0x12, ld(0x0a, "v\xef\xbf\xbd")))),
            std::string::npos);
}

TEST(OtlpEncoding, ResourceAttributesReplaceByKey) {
  OtlpResource resource;
  resource.service_name = "svc";
  resource.attributes = {{"service.name", "other"}, {"deployment.environment", "dev"}};
  std::string request = encode_export_trace_service_request({}, resource);
  EXPECT_NE(request.find(string_kv(0x0a, "service.name", "other")), std::string::npos);
  EXPECT_EQ(request.find("svc"), std::string::npos);
  EXPECT_NE(request.find(string_kv(0x0a, "deployment.environment", "dev")), std::string::npos);
}

}  // namespace
