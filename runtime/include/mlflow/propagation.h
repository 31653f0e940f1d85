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

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_PROPAGATION_H
