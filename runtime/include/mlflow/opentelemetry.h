// mlflow/opentelemetry.h: one trace for a program that traces with mlflow-cpp and with
// opentelemetry-cpp in the same process (its API; any SDK, any exporter), as Python's MLflow
// shares one trace with OpenTelemetry.
//
//   #include <mlflow/opentelemetry.h>   // needs opentelemetry-cpp's API headers
//
//   int main() {
//     mlflow::otel::install_context_bridge();   // once, before spans start
//     ...
//   }
//
// Then, on every thread, whichever span became current last, of either library, is the parent of
// the next span started with either:
//   - an OpenTelemetry span made current (Tracer::WithActiveSpan, RuntimeContext::Attach) is the
//     parent of the mlflow-cpp spans started under it (traced functions, start_span, autolog):
//     they continue its trace, as spans under a traceparent from another service do
//     (mlflow/propagation.h), and the first of them has it as its parent;
//   - an mlflow-cpp span is the parent of the OpenTelemetry spans started while it is the current
//     span (Tracer::StartSpan without an explicit parent sees it as the current span).
// Both share the trace id and the sampling decision. Each library exports its own spans: to see
// them as one trace in MLflow, point opentelemetry-cpp's OTLP exporter at the same tracking
// server's /v1/traces with the same experiment (header x-mlflow-experiment-id).
//
// How: the bridge installs opentelemetry-cpp's own thread-local context storage, extended to note
// mlflow-cpp's span stack depth at each Attach, and the span stack's hook
// (mlflow/detail/foreign_context.h). A program with a RuntimeContextStorage of its own keeps
// it instead by not installing the bridge. Only this header names
// opentelemetry-cpp types; libmlflow-cpp does not depend on opentelemetry-cpp.
#ifndef MLFLOW_OPENTELEMETRY_H
#define MLFLOW_OPENTELEMETRY_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include <opentelemetry/context/context.h>
#include <opentelemetry/context/runtime_context.h>
#include <opentelemetry/nostd/shared_ptr.h>
#include <opentelemetry/nostd/span.h>
#include <opentelemetry/nostd/unique_ptr.h>
#include <opentelemetry/trace/context.h>
#include <opentelemetry/trace/default_span.h>
#include <opentelemetry/trace/span_context.h>
#include <opentelemetry/trace/span_id.h>
#include <opentelemetry/trace/trace_flags.h>
#include <opentelemetry/trace/trace_id.h>

#include <mlflow/detail/foreign_context.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace otel {
namespace bridge_detail {

namespace otel_context = ::opentelemetry::context;
namespace otel_trace = ::opentelemetry::trace;
namespace nostd = ::opentelemetry::nostd;

// A context opentelemetry-cpp made current on this thread, and the span stack's depth then.
struct Attached {
  otel_context::Context context;
  std::size_t depth;
};

inline std::vector<Attached>& attached_on_this_thread() noexcept {
  static thread_local std::vector<Attached> stack;
  return stack;
}

// opentelemetry-cpp's own thread-local storage (the default one: the contexts attached before
// the bridge was installed stay current), which also notes the span stack's depth at each Attach.
class BridgedContextStorage final : public otel_context::ThreadLocalContextStorage {
  using Inner = otel_context::ThreadLocalContextStorage;

 public:
  // opentelemetry-cpp's current context; with mlflow-cpp's current span as its span when that
  // span started after the context was attached.
  otel_context::Context GetCurrent() noexcept override {
    otel_context::Context current = Inner::GetCurrent();
    const std::size_t depth = detail::span_stack_depth();
    const auto& attached = attached_on_this_thread();
    if (depth == 0 || (!attached.empty() && attached.back().depth >= depth)) return current;
    detail::ForeignSpanIds ids;
    if (!detail::current_span_ids(ids)) return current;
    const otel_trace::SpanContext span(
        otel_trace::TraceId(nostd::span<const std::uint8_t, otel_trace::TraceId::kSize>(ids.trace_id)),
        otel_trace::SpanId(nostd::span<const std::uint8_t, otel_trace::SpanId::kSize>(ids.span_id)),
        otel_trace::TraceFlags(ids.sampled ? otel_trace::TraceFlags::kIsSampled : 0),
        /*is_remote=*/false);
    return otel_trace::SetSpan(current,
                               nostd::shared_ptr<otel_trace::Span>(new otel_trace::DefaultSpan(span)));
  }

  nostd::unique_ptr<otel_context::Token> Attach(const otel_context::Context& context) noexcept override {
    try {
      attached_on_this_thread().push_back(Attached{context, detail::span_stack_depth()});
    } catch (...) {  // out of memory: this context is not ordered against mlflow-cpp's spans
    }
    return Inner::Attach(context);
  }

  // As opentelemetry-cpp's own storage: detaching a context detaches those attached after it.
  bool Detach(otel_context::Token& token) noexcept override {
    if (!Inner::Detach(token)) return false;
    auto& attached = attached_on_this_thread();
    while (!attached.empty()) {
      const bool match = token == attached.back().context;
      attached.pop_back();
      if (match) break;
    }
    return true;
  }

  // The span stack's hook: opentelemetry-cpp's current span when it was attached at `depth` or
  // deeper, i.e. after mlflow-cpp's current span started.
  bool foreign_parent(std::size_t depth, detail::ForeignSpanIds& parent) noexcept {
    const auto& attached = attached_on_this_thread();
    if (attached.empty() || attached.back().depth < depth) return false;
    const otel_trace::SpanContext span = otel_trace::GetSpan(Inner::GetCurrent())->GetContext();
    if (!span.IsValid()) return false;
    span.trace_id().CopyBytesTo(nostd::span<std::uint8_t, otel_trace::TraceId::kSize>(parent.trace_id));
    span.span_id().CopyBytesTo(nostd::span<std::uint8_t, otel_trace::SpanId::kSize>(parent.span_id));
    parent.sampled = span.IsSampled();
    return true;
  }
};

}  // namespace bridge_detail

// Installs the bridge (see above); later calls, from any thread, do nothing. Call it before
// spans start: a span current on some thread at that moment is not ordered against the other
// library's.
inline void install_context_bridge() {
  using bridge_detail::BridgedContextStorage;
  // Never destroyed: spans may start and end during static destruction at exit, after
  // opentelemetry-cpp dropped its storage. (A function-local static: installed once, safely.)
  static BridgedContextStorage* const bridge = [] {
    auto* keep = new bridge_detail::nostd::shared_ptr<bridge_detail::otel_context::RuntimeContextStorage>(
        new BridgedContextStorage());
    bridge_detail::otel_context::RuntimeContext::SetRuntimeContextStorage(*keep);
    return static_cast<BridgedContextStorage*>(keep->get());
  }();
  detail::set_foreign_parent_hook([](std::size_t depth, detail::ForeignSpanIds& parent) noexcept {
    return bridge->foreign_parent(depth, parent);
  });
}

}  // namespace otel
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_OPENTELEMETRY_H
