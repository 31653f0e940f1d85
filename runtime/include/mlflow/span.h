// mlflow/span.h: the manual span API, mirroring MLflow's Python `mlflow.start_span`.
//
//   auto span = mlflow::start_span("retrieve", mlflow::SpanType::RETRIEVER);
//   span.set_inputs({{"query", q}});
//   ...
//   span.set_outputs(docs);          // any value mlflow::capture() takes (see set_inputs)
//   // the span ends when `span` leaves scope (or at span.end())
//
// A span started while another span is active on this thread becomes its child; a span started
// with no active span is the root of a new trace. The trace is complete, and handed to the
// exporter, when its root span ends. Child spans still open at that moment are not recorded
// (end children before their root, as with MLflow's Python client).
//
// Threading: one Span is used by one thread at a time. It may be ended on another thread than
// the one that started it. Work on other threads joins its trace through mlflow::Context
// (mlflow/context.h).
//
// Cost: while tracing is disabled (mlflow::tracing::disable()), start_span is one relaxed atomic
// load and returns an inert span whose methods do nothing. No method throws.
#ifndef MLFLOW_SPAN_H
#define MLFLOW_SPAN_H

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>  // the default value type of the setters below, declared only

#include <mlflow/context.h>
#include <mlflow/detail/json_value.h>
#include <mlflow/detail/prelude.h>
#include <mlflow/span_type.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

namespace detail {
struct SpanRecord;
struct SpanFrame;
struct TraceState;
class SpanStack;
struct SpanAccess;
}  // namespace detail

class Span;
struct SpanOptions;

// A non-owning handle to a span, as returned by get_current_active_span() or copied from a
// Span. Kept after its span has ended it is harmless: every call does nothing (as a LiveSpan
// does in Python once ended), is counted in tracing::stats().stale_span_refs, and the first is
// reported on stderr. A default-constructed SpanRef (or one for a span that is not being
// recorded: tracing disabled, or the trace not sampled) ignores every call.
//
// Threading: a SpanRef may be used on any thread, one call at a time per span; a call that
// races with the span's end on another thread is either applied before the end or ignored.
class MLFLOW_API SpanRef {
 public:
  SpanRef() noexcept = default;
  // A copy of a Span borrows its span (see above); a copy of a SpanRef is the same handle.
  MLFLOW_CONSTEXPR20 SpanRef(const SpanRef& other) noexcept
      : rec_(other.rec_), lent_id_(other.lent_id_) {
    if (rec_ != nullptr && lent_id_ == 0) borrow();
  }
  MLFLOW_CONSTEXPR20 SpanRef& operator=(const SpanRef& other) noexcept {
    rec_ = other.rec_;
    lent_id_ = other.lent_id_;
    if (rec_ != nullptr && lent_id_ == 0) borrow();
    return *this;
  }

  // True while this span is being recorded: false for an inert span, and for a SpanRef whose
  // span has ended.
  MLFLOW_CONSTEXPR20 bool is_recording() const noexcept {
    return rec_ != nullptr && (lent_id_ == 0 || still_open());
  }
  MLFLOW_CONSTEXPR20 explicit operator bool() const noexcept { return is_recording(); }

  // The span's inputs and outputs (MLflow's `mlflow.spanInputs` / `mlflow.spanOutputs`): any
  // value, as mlflow::capture() records it. Booleans, numbers and strings need only this header;
  // a JSON literal (`span.set_inputs({{"query", q}})`) or any other value needs
  // <mlflow/capture.h> too (nlohmann/json), and the compiler says so.
  template <class T = nlohmann::json>
  SpanRef& set_inputs(const T& inputs) noexcept {
    return rec_ != nullptr ? set_inputs_json(value_text(inputs)) : *this;
  }
  template <class T = nlohmann::json>
  SpanRef& set_outputs(const T& outputs) noexcept {
    return rec_ != nullptr ? set_outputs_json(value_text(outputs)) : *this;
  }

  // Any attribute; the value is stored as JSON, as MLflow stores every span attribute.
  template <class T = nlohmann::json>
  SpanRef& set_attribute(std::string_view key, const T& value) noexcept {
    return rec_ != nullptr ? set_attribute_json(key, value_text(value)) : *this;
  }
  // Each member of a JSON object as one attribute.
  template <class T = nlohmann::json>
  SpanRef& set_attributes(const T& attributes) noexcept {
    return rec_ != nullptr ? set_attributes_json(value_text(attributes)) : *this;
  }

  // An event at the current time, or at `time_unix_nano` when it is not 0, with the members of
  // a JSON object as its attributes.
  SpanRef& add_event(std::string_view name) noexcept { return add_event_json(name, "{}", 0); }
  template <class T = nlohmann::json>
  SpanRef& add_event(std::string_view name, const T& attributes,
                     std::int64_t time_unix_nano = 0) noexcept {
    return rec_ != nullptr ? add_event_json(name, value_text(attributes), time_unix_nano) : *this;
  }

  // The same with values already written as JSON text (any JSON library's output). Text that
  // is not valid JSON is kept as a JSON string, so nothing is lost.
  SpanRef& set_inputs_json(std::string_view json) noexcept;
  SpanRef& set_outputs_json(std::string_view json) noexcept;
  SpanRef& set_attribute_json(std::string_view key, std::string_view json) noexcept;
  SpanRef& set_attributes_json(std::string_view json_object) noexcept;
  SpanRef& add_event_json(std::string_view name, std::string_view json_attributes,
                          std::int64_t time_unix_nano = 0) noexcept;

  // Records an exception as MLflow does: an `exception` event (exception.type, .message,
  // .stacktrace) and status ERROR with the message "<type>: <what()>".
  SpanRef& record_exception(const std::exception& error) noexcept;
  SpanRef& record_exception(std::exception_ptr error) noexcept;

  SpanRef& set_status(SpanStatusCode code, std::string_view description = {}) noexcept;

  // Renames the span (OpenTelemetry's UpdateName).
  SpanRef& set_name(std::string_view name) noexcept;

  // A link to another span, of this trace or another (MLflow's LiveSpan.add_link, OpenTelemetry's
  // AddLink): its trace id ("tr-<32 hex>" or 32 hex digits), its span id (16 hex digits), and
  // the members of a JSON object as the link's attributes. Ids that do not parse leave the span
  // without the link, said once on stderr.
  SpanRef& add_link(std::string_view trace_id, std::string_view span_id) noexcept {
    return add_link_json(trace_id, span_id, "{}");
  }
  template <class T = nlohmann::json>
  SpanRef& add_link(std::string_view trace_id, std::string_view span_id,
                    const T& attributes) noexcept {
    return rec_ != nullptr ? add_link_json(trace_id, span_id, value_text(attributes)) : *this;
  }
  SpanRef& add_link_json(std::string_view trace_id, std::string_view span_id,
                         std::string_view json_attributes) noexcept;

  // Identity, in MLflow's spelling ("tr-<32 hex>", 16 hex); empty when not recording.
  std::string trace_id() const;
  std::string span_id() const;

 protected:
  explicit SpanRef(detail::SpanRecord* record) noexcept : rec_(record) {}
  // Makes this handle a borrower of its (open) span, or inert if the span has ended.
  void borrow() noexcept;
  bool still_open() const noexcept;
  // Runs edit(record) when the span is open (span.cpp). (The record is the span's, not the
  // handle's: a const handle may reach it.)
  template <class Edit>
  void edit(Edit&& edit) const noexcept;
  // The value's JSON text, made in the caller's translation unit (detail/json_value.h); empty,
  // and nothing recorded, when even that fails (out of memory).
  template <class T>
  static std::string value_text(const T& value) noexcept {
    return detail::json_text_or_empty(value);
  }
  detail::SpanRecord* rec_ = nullptr;
  // 0: rec_ is live for as long as this handle has it (a Span owns it; the runtime's own
  // handles are used only while it runs). Otherwise the span's id: a borrower, which reaches
  // rec_ only while the span is open (runtime/src/core/lent_spans.h).
  std::uint64_t lent_id_ = 0;

  friend class Span;
  friend struct detail::SpanAccess;
};

// The owning handle of a span started with start_span(). Move-only; the span ends when the
// handle is destroyed or end() is called, whichever comes first.
class [[nodiscard]] MLFLOW_API Span : public SpanRef {
 public:
  Span() noexcept = default;
  Span(Span&& other) noexcept;
  Span& operator=(Span&& other) noexcept;
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;
  MLFLOW_CONSTEXPR20 ~Span() {
    if (stack_ != nullptr) end(0);
  }

  // Ends the span now: the end time is taken, an UNSET status becomes OK, and the span stops
  // being the current span. Later calls do nothing.
  void end() noexcept { end(0); }
  // The same with the end time given, in nanoseconds since the Unix epoch (0: now; Python's
  // end_time_ns, OpenTelemetry's EndSpanOptions).
  void end(std::int64_t end_time_unix_nano) noexcept;

 private:
  friend struct detail::SpanAccess;
  Span(detail::SpanRecord* record, detail::SpanStack* stack, std::size_t depth) noexcept
      : SpanRef(record), stack_(stack), depth_(depth) {}

  // The span stack of the thread that started this span, and the depth of its frame there;
  // stack_ is null for an inert span.
  detail::SpanStack* stack_ = nullptr;
  std::size_t depth_ = 0;
};

namespace detail {
// The runtime's way in to spans (for start_span, the current span, and generated hooks).
struct MLFLOW_API SpanAccess {
  static Span start(std::string_view name, std::string_view span_type) noexcept;
  // start() into an inert `span`, for the plugin's hooks: no Span moved, an unsampled span
  // costs a frame push, and the literal names are measured only when the span is recorded.
  static void start_into(Span& span, const char* name, const char* span_type) noexcept;
  // start()'s parts (span.cpp).
  template <class Text>
  static void start_as(Span& span, Text name, Text span_type) noexcept;
  static bool starts_unsampled(const SpanFrame* parent) noexcept;
  static void start_unsampled(Span& span, SpanStack& stack, const SpanFrame* parent) noexcept;
  // `literal_name`: `name` is a string literal (the plugin's), kept by pointer, not copied.
  [[gnu::noinline]] static Span start_recorded(SpanStack& stack, const SpanFrame* parent,
                                               std::string_view name, std::string_view span_type,
                                               bool literal_name) noexcept;
  // Span::end() of a recorded span, out of line so that the unsampled end stays small.
  [[gnu::noinline]] static void end_recorded(Span& span, SpanStack* stack,
                                             std::int64_t end_time_unix_nano) noexcept;
  // start_span() with SpanOptions.
  static Span start_with(std::string_view name, std::string_view span_type,
                         const SpanOptions& options) noexcept;
  // A handle to a live record, for the runtime's own use while the record lives.
  static SpanRef ref(SpanRecord* record) noexcept { return SpanRef(record); }
  // A borrower's handle to the span `span_id` of `trace` (its record `record`), or an inert one
  // when the span has ended (TraceState::lend).
  static SpanRef lend(TraceState* trace, SpanRecord* record, std::uint64_t span_id) noexcept;
  static SpanRecord* record(const SpanRef& span) noexcept { return span.rec_; }
};
}  // namespace detail

// How a span starts, beyond its name and type (Python's start_span_no_context, OpenTelemetry's
// StartSpanOptions).
struct SpanOptions {
  // The start time in nanoseconds since the Unix epoch; 0: now.
  std::int64_t start_time_unix_nano = 0;
  // The parent, instead of this thread's current span: a Context captured from a span
  // (Context::current()), read from a request (extract_traceparent()), or empty (Context()) for
  // the root of a new trace. Either way the span is this thread's current span until it ends.
  std::optional<Context> parent;
  SpanKind kind = SpanKind::INTERNAL;

  // Named setters: start_span("call", SpanType::TOOL, SpanOptions().set_kind(SpanKind::CLIENT)).
  SpanOptions& set_start_time(std::int64_t unix_nano) noexcept {
    start_time_unix_nano = unix_nano;
    return *this;
  }
  SpanOptions& set_parent(Context context) noexcept {
    parent = std::move(context);
    return *this;
  }
  SpanOptions& set_kind(SpanKind span_kind) noexcept {
    kind = span_kind;
    return *this;
  }
};

// Starts a span as a child of the current span, or as the root of a new trace.
inline Span start_span(std::string_view name, SpanType type = SpanType::UNKNOWN) noexcept {
  if (!detail::tracing_enabled()) return Span();
  return detail::SpanAccess::start(name, to_string(type));
}

// The same with a span type of your own (MLflow accepts any string as a span type).
inline Span start_span(std::string_view name, std::string_view custom_span_type) noexcept {
  if (!detail::tracing_enabled()) return Span();
  return detail::SpanAccess::start(name, custom_span_type);
}

// The same, as `options` say.
inline Span start_span(std::string_view name, SpanType type, const SpanOptions& options) noexcept {
  if (!detail::tracing_enabled()) return Span();
  return detail::SpanAccess::start_with(name, to_string(type), options);
}
inline Span start_span(std::string_view name, std::string_view custom_span_type,
                       const SpanOptions& options) noexcept {
  if (!detail::tracing_enabled()) return Span();
  return detail::SpanAccess::start_with(name, custom_span_type, options);
}

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_SPAN_H
