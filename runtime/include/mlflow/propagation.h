// mlflow/propagation.h: continuing a trace in another service, through the W3C Trace Context
// `traceparent` HTTP header (https://www.w3.org/TR/trace-context/), the header MLflow's Python
// client (get_tracing_context_headers_for_http_request /
// set_tracing_context_from_http_request_headers) and OpenTelemetry use.
//
// The calling service sends its current span along with the request:
//
//   auto span = mlflow::start_span("call_search", mlflow::SpanType::TOOL);
//   request.set_header(mlflow::kTraceparentHeader, mlflow::inject_traceparent());
//
// The service handling it continues that trace:
//
//   auto ctx = mlflow::extract_traceparent(request.header(mlflow::kTraceparentHeader));
//   auto scope = ctx.attach();
//   auto span = mlflow::start_span("search", mlflow::SpanType::RETRIEVER);  // the caller's child
//
// The spans of the handling service keep the caller's trace id, and its first span has the
// caller's span as its parent. That part of the trace is complete, and exported, when that first
// span ends. The caller's sampling decision holds: a request from an unsampled trace is not
// recorded either, and a sampled one is recorded whatever the local sampling ratio.
#ifndef MLFLOW_PROPAGATION_H
#define MLFLOW_PROPAGATION_H

#include <string>
#include <string_view>

#include <mlflow/context.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

// The header's name (HTTP header names are case-insensitive).
inline constexpr const char* kTraceparentHeader = "traceparent";

// The `traceparent` value for the calling thread's current span:
// "00-<32 hex trace id>-<16 hex span id>-<flags>", flags "01" when the trace is recorded and
// "00" when it was not sampled. Empty when there is no current span or tracing is disabled (send
// no header then).
MLFLOW_API std::string inject_traceparent() noexcept;

// The same for a captured context (mlflow::Context::current(), possibly on another thread).
MLFLOW_API std::string inject_traceparent(const Context& context) noexcept;

// The context a `traceparent` value describes, to attach where the request is handled. An
// invalid value (the spec's rules: lower-case hex, version ff and all-zero ids invalid, version
// 00 exactly 55 characters, a later version read as far as version 00 goes) gives an empty
// context, so the request starts a new trace, as the spec asks. Never throws.
MLFLOW_API Context extract_traceparent(std::string_view header) noexcept;

// The W3C `tracestate` header (vendor entries that travel with traceparent, OpenTelemetry's
// TraceState). A request handled under a context extracted with it passes it on unchanged:
// inject_tracestate() gives it back for the requests it sends, and the spans of that part of
// the trace carry it in OTLP (Span.trace_state). Empty when there is none.
inline constexpr const char* kTracestateHeader = "tracestate";
// The context of `traceparent`, carrying `tracestate` (kept as it is when it is at most 512
// characters, as the spec allows a vendor to truncate; longer ones are dropped).
MLFLOW_API Context extract_traceparent(std::string_view traceparent,
                                       std::string_view tracestate) noexcept;
MLFLOW_API std::string inject_tracestate() noexcept;
MLFLOW_API std::string inject_tracestate(const Context& context) noexcept;

// The other way back: a service that records its own trace (MLflow's Python client, another
// mlflow-cpp program) returns it with its answer, in MLflow's Trace JSON (Python's
// trace.to_json(), or {"info": ..., "data": {"spans": [...]}} as mlflow-cpp's store keeps it),
// and the caller merges it into the trace it is recording (Python's mlflow.add_trace):
//
//   auto span = mlflow::start_span("call_search", mlflow::SpanType::TOOL);
//   std::string answer = post(url, body);                  // {"result": ..., "trace": {...}}
//   mlflow::add_trace(json::parse(answer)["trace"].dump());  // its spans become span's children
//
// The remote spans keep their ids, names, times, status, values, events and links, take this
// trace's id, and each without a parent among them (or where their parents loop) becomes a child of
// `parent` (a Context, usually Context::current() of the calling span; Python's target=). Its tags
// and metadata are added where the trace has none of the same key, except MLflow's own (mlflow.*:
// the name, previews, size and token usage, derived again for the whole trace) other than the
// session and user. Without a current span a new root span "Remote Trace <remote root's name>"
// holds the remote spans, with the remote root's inputs, outputs, attributes and times, and the
// remote trace's state as its status, as Python does.
//
// Returns true when the spans were added. False, adding nothing: tracing is disabled, the parent is
// not recorded (unsampled) or its trace has completed, or the text is not a completed trace (not
// JSON, no spans, malformed ids, a state other than OK or ERROR), said on stderr. Never throws.
MLFLOW_API bool add_trace(std::string_view trace_json) noexcept;
MLFLOW_API bool add_trace(std::string_view trace_json, const Context& parent) noexcept;

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_PROPAGATION_H
