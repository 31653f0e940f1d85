// span.cpp: the manual span API (mlflow/span.h): starting spans, recording into them, ending
// them. This is where the data path begins: a span start pushes a frame on the thread's span
// stack and opens a record in its trace; a span end closes the record, and the root's end
// hands the completed trace to the runtime for export.
#include <mlflow/span.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include <cxxabi.h>

#include "support/clock.h"
#include "support/json_text.h"
#include "runtime.h"
#include "core/foreign_context.h"
#include "core/lent_spans.h"
#include "core/llm_span_end.h"
#include "core/span_stack.h"
#include "core/trace_limits.h"
#include "core/trace_state.h"
#include "core/value_limits.h"
#include "support/diagnostics.h"
#include "support/stack_trace.h"

namespace mlflow {
inline namespace v0 {
namespace {

std::string demangle(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                              std::free);
  return (status == 0 && name) ? std::string(name.get()) : std::string(mangled);
}

}  // namespace

namespace detail {

[[gnu::always_inline]] inline bool SpanAccess::starts_unsampled(const SpanFrame* parent) noexcept {
  if (parent != nullptr) return parent->kind == SpanFrame::Kind::kUnsampled;  // as its root
  return Runtime::get().samples_nothing();
}

[[gnu::always_inline]] inline void SpanAccess::start_unsampled(Span& span, SpanStack& stack,
                                                               const SpanFrame* parent) noexcept {
  try {
    // An unsampled span records nothing and draws no ids until asked (span_stack.h).
    span.depth_ = stack.push_unsampled(parent, TraceId{});
    span.stack_ = &stack;
  } catch (...) {  // out of memory: run untraced rather than throw into the program
  }
}

// A span start while a bridge to another library's context is installed: the other library's
// current span is the parent when it is newer than this thread's top frame, as a caller's span
// named by a traceparent is (kRemoteParent, or kUnsampled when that trace is not sampled) --
// unless the bridge handed this thread's own span back.
template <class Text>
[[gnu::noinline]] void start_with_foreign_parent(Span& span, SpanStack& stack,
                                                 const SpanFrame* parent, Text name,
                                                 Text span_type, ForeignParentHook hook) noexcept {
  ForeignSpanIds ids;
  SpanFrame foreign;
  if (hook(stack.depth(), ids)) {
    auto word = [](const unsigned char* bytes) {
      return big_endian_word(std::string_view(reinterpret_cast<const char*>(bytes), 8));
    };
    foreign.kind = ids.sampled ? SpanFrame::Kind::kRemoteParent : SpanFrame::Kind::kUnsampled;
    foreign.trace_id = TraceId{word(ids.trace_id), word(ids.trace_id + 8)};
    foreign.span_id = word(ids.span_id);
    const bool own = parent != nullptr && parent->kind != SpanFrame::Kind::kEmpty &&
                     parent->span_id == foreign.span_id && parent->trace_id == foreign.trace_id;
    if (!own) parent = &foreign;
  }
  if (SpanAccess::starts_unsampled(parent)) return SpanAccess::start_unsampled(span, stack, parent);
  span = SpanAccess::start_recorded(stack, parent, name, span_type,
                                    std::is_same_v<Text, const char*>);
}

// Starting a span takes one of two paths: an unsampled span (its trace dropped by the sampler,
// here or by its root) only pushes a frame, in a few instructions; everything else, out of line.
// `span` is inert on entry. Literal names (the generated hooks) are measured (strlen) only
// when the span is recorded.
template <class Text>
[[gnu::always_inline]] inline void SpanAccess::start_as(Span& span, Text name,
                                                        Text span_type) noexcept {
  SpanStack& stack = SpanStack::current();
  const SpanFrame* parent = stack.top();
  if (ForeignParentHook hook = g_foreign_parent.load(std::memory_order_relaxed)) [[unlikely]]
    return start_with_foreign_parent(span, stack, parent, name, span_type, hook);
  if (starts_unsampled(parent)) return start_unsampled(span, stack, parent);
  constexpr bool kLiteral = std::is_same_v<Text, const char*>;  // the plugin's site (start_into)
  span = start_recorded(stack, parent, name, span_type, kLiteral);
}

Span SpanAccess::start(std::string_view name, std::string_view span_type) noexcept {
  Span span;
  start_as(span, name, span_type);
  return span;
}

// For the plugin's hooks: the span is started in place, not moved into place.
void SpanAccess::start_into(Span& span, const char* name, const char* span_type) noexcept {
  start_as(span, name, span_type);
}

Span SpanAccess::start_with(std::string_view name, std::string_view span_type,
                            const SpanOptions& options) noexcept {
  Span span;
  if (options.parent) {
    // The parent's frame goes on this thread's stack for the start only. Closed below the new
    // span's frame, it stays there (keeping the parent's trace alive) until that frame leaves.
    ContextScope parent = options.parent->attach();
    start_as(span, name, span_type);
  } else {
    start_as(span, name, span_type);
  }
  if (SpanRecord* record = span.rec_) {
    if (options.start_time_unix_nano != 0) record->start_unix_nano = options.start_time_unix_nano;
    record->kind = options.kind;
  }
  return span;
}

Span SpanAccess::start_recorded(SpanStack& stack, const SpanFrame* parent, std::string_view name,
                                std::string_view span_type, bool literal_name) noexcept {
  try {
    Runtime& runtime = Runtime::get();
    SpanFrame frame;
    SpanId parent_id = 0;
    if (parent != nullptr && parent->kind == SpanFrame::Kind::kSpan) {
      // Over a limit (trace_limits.h): this span and its subtree run as unsampled ones do.
      if (!parent->trace->admit_span(runtime.trace_limits(), runtime.memory_full()))
        return Span(nullptr, &stack, stack.push_unsampled(parent, TraceId{}));
      frame.trace = parent->trace;
      parent_id = parent->span_id;
    } else if (parent != nullptr && parent->kind == SpanFrame::Kind::kRemoteParent) {
      // The local root of a trace begun in another service, which sampled it: that decision
      // holds here (parent-based sampling), the local ratio is not applied again.
      parent_id = parent->span_id;
      frame.trace_owner = std::allocate_shared<TraceState>(
          RecyclingAllocator<TraceState>(), parent->trace_id, runtime.config().experiment_id);
      frame.trace_owner->tracestate = parent->tracestate;
      frame.trace = frame.trace_owner.get();
    } else {
      if (runtime.samples_nothing()) {
        Span span;
        start_unsampled(span, stack, nullptr);
        return span;
      }
      TraceId id = new_trace_id();
      if (!runtime.should_sample(id)) return Span(nullptr, &stack, stack.push_unsampled(nullptr, id));
      if (runtime.memory_full()) {  // the trace is not recorded: counted and said once
        g_traces_not_recorded.fetch_add(1, std::memory_order_relaxed);
        warn_once("memory-budget-trace",
                  "the traces open and waiting for export hold the memory budget "
                  "(MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES): new traces are not recorded until "
                  "export catches up (mlflow::tracing::stats() counts them)");
        return Span(nullptr, &stack, stack.push_unsampled(nullptr, id));
      }
      frame.trace_owner = std::allocate_shared<TraceState>(RecyclingAllocator<TraceState>(), id,
                                                           runtime.config().experiment_id);
      frame.trace = frame.trace_owner.get();
    }
    SpanRecord* record = frame.trace->open_span(
        parent_id, literal_name ? SpanName::literal(name) : SpanName(name), span_type);
    frame.kind = SpanFrame::Kind::kSpan;
    frame.trace_id = frame.trace->trace_id;
    frame.span_id = record->span_id;
    frame.record = record;
    return Span(record, &stack, stack.push(std::move(frame)));
  } catch (...) {  // out of memory: run untraced rather than throw into the program
    return Span();
  }
}

}  // namespace detail

Span::Span(Span&& other) noexcept
    : SpanRef(std::exchange(other.rec_, nullptr)),
      stack_(std::exchange(other.stack_, nullptr)),
      depth_(other.depth_) {}

Span& Span::operator=(Span&& other) noexcept {
  if (this != &other) {
    end(0);
    rec_ = std::exchange(other.rec_, nullptr);
    stack_ = std::exchange(other.stack_, nullptr);
    depth_ = other.depth_;
  }
  return *this;
}

void Span::end(std::int64_t end_time_unix_nano) noexcept {
  detail::SpanStack* stack = std::exchange(stack_, nullptr);
  if (stack == nullptr) return;
  if (rec_ != nullptr) return detail::SpanAccess::end_recorded(*this, stack, end_time_unix_nano);
  // Unsampled: only its frame to drop. Ended on another thread, the frame is left closed
  // there (see end_recorded).
  if (stack == detail::t_span_stack) stack->close(depth_);
}

namespace detail {

void end_spans_left_open_at_exit() noexcept {
  SpanStack* stack = t_span_stack;
  if (stack == nullptr) return;
  stack->end_open_records([](SpanRecord* record) {
    LentSpans::retire(*record);
    try {
      record->end_unix_nano = now_unix_nanos();
      record->status = SpanStatusCode::ERROR;
      record->status_message.assign("the process exited before the span ended");
      if (auto completed = record->trace->end_span(record))
        Runtime::get().complete(std::move(completed));
    } catch (...) {  // out of memory at exit: this span is lost
    }
  });
}

std::atomic<SpanEnding> g_span_ending{nullptr};

void SpanAccess::end_recorded(Span& span, SpanStack* stack,
                              std::int64_t end_time_unix_nano) noexcept {
  LentSpans::retire(*span.rec_);  // borrowers no longer reach the record the end writes
  // Autolog's spans that end with this one (a llama.cpp generation under it) end first.
  if (SpanEnding ending = g_span_ending.load(std::memory_order_acquire)) ending(*span.rec_);
  SpanRecord* record = std::exchange(span.rec_, nullptr);
  // (Not here when the starting thread exited meanwhile: another thread may have its stack at
  // the same address.)
  const bool here = stack == t_span_stack && !record->orphaned.load(std::memory_order_relaxed);
  record->end_unix_nano = end_time_unix_nano != 0 ? end_time_unix_nano : now_unix_nanos();
  if (!here) record->trace->mark_ended_elsewhere(record->span_id);
  if (record->status == SpanStatusCode::UNSET) record->status = SpanStatusCode::OK;
  // Before the frame is closed: the frame may hold the last reference to the trace.
  if (auto completed = record->trace->end_span(record)) Runtime::get().complete(std::move(completed));
  // Ended on another thread, the frame on the starting thread is dropped there lazily, when
  // that thread next looks at its stack (TraceState::ended_elsewhere).
  if (here) stack->close(span.depth_);
}

JsonLimits recorded_value_limits() noexcept {
  const Config& config = Runtime::get().config();
  JsonLimits limits;
  limits.max_string_bytes = config.max_value_bytes;
  limits.max_items = config.max_value_items;
  return limits;
}

}  // namespace detail

namespace {

// Values arrive as JSON text, written in the caller's translation unit by the nlohmann/json it
// compiles with (mlflow/detail/json_value.h), and are read here with the runtime's own. Empty
// text: the caller could not write it (out of memory), and nothing is recorded. Each call
// prepares its value first and then edits the record (SpanRef::edit): a borrowed handle holds
// the registry's lock only for the assignment.

// Inputs and outputs are kept as JSON text in MLflow's spelling, written now (recorded_json.h).
std::optional<detail::RecordedJson> recorded_value(std::string_view json) noexcept {
  if (json.empty()) return std::nullopt;
  try {
    nlohmann::json value = detail::parse_json_value(json);
    detail::limit_json(value, detail::recorded_value_limits());  // core/value_limits.h
    detail::RecordedJson recorded;
    detail::append_json_text(recorded.value_text(value.type()), value);
    return recorded;
  } catch (...) {  // out of memory: the value is lost, the program goes on
    return std::nullopt;
  }
}

detail::SpanEventRecord event_value(std::string_view name, nlohmann::json attributes,
                                    std::int64_t time_unix_nano) {
  detail::SpanEventRecord event;
  event.name.assign(name);
  event.time_unix_nano = time_unix_nano != 0 ? time_unix_nano : detail::now_unix_nanos();
  if (attributes.is_object()) event.attributes = std::move(attributes);
  return event;
}

// The `exception` event MLflow records, and the status message "<type>: <message>".
void record_exception_as(SpanRef& span, const std::string& type, const std::string& message,
                         std::string status_message) {
  nlohmann::json attributes = {{"exception.type", type},
                               {"exception.message", message},
                               {"exception.stacktrace", detail::current_stack_trace()}};
  span.add_event_json("exception", detail::to_json_text(attributes), 0);
  span.set_status(SpanStatusCode::ERROR, status_message);
}

}  // namespace

template <class Edit>
void SpanRef::edit(Edit&& edit) const noexcept {
  if (rec_ == nullptr) return;
  if (lent_id_ == 0) {
    edit(*rec_);  // the owner's record, or the runtime's own handle: live
  } else {
    detail::LentSpans::with_open(rec_, lent_id_, edit);
  }
}

namespace detail {
SpanRef SpanAccess::lend(TraceState* trace, SpanRecord* record, std::uint64_t span_id) noexcept {
  try {
    if (trace->lend(record, span_id)) {
      SpanRef span(record);
      span.lent_id_ = span_id;
      return span;
    }
  } catch (...) {  // out of memory: an inert handle
  }
  return SpanRef();
}
}  // namespace detail

void SpanRef::borrow() noexcept {
  // A copy of an owner's (or the runtime's) handle, whose record is live now.
  const SpanRef lent = detail::SpanAccess::lend(rec_->trace, rec_, rec_->span_id);
  rec_ = lent.rec_;
  lent_id_ = lent.lent_id_;
}

bool SpanRef::still_open() const noexcept {
  return detail::LentSpans::with_open(rec_, lent_id_, [](detail::SpanRecord&) noexcept {});
}

SpanRef& SpanRef::set_inputs_json(std::string_view json) noexcept {
  if (rec_ == nullptr) return *this;
  auto value = recorded_value(json);
  if (!value) return *this;
  edit([&](detail::SpanRecord& record) noexcept {
    record.inputs = std::move(*value);
    record.has_inputs = true;
  });
  return *this;
}

SpanRef& SpanRef::set_outputs_json(std::string_view json) noexcept {
  if (rec_ == nullptr) return *this;
  auto value = recorded_value(json);
  if (!value) return *this;
  edit([&](detail::SpanRecord& record) noexcept {
    record.outputs = std::move(*value);
    record.has_outputs = true;
  });
  return *this;
}

SpanRef& SpanRef::set_attribute_json(std::string_view key, std::string_view json) noexcept {
  if (rec_ == nullptr || json.empty()) return *this;
  try {
    nlohmann::json value = detail::parse_json_value(json);
    edit([&](detail::SpanRecord& record) noexcept {
      try {
        record.set_attribute(key, std::move(value));
      } catch (...) {  // out of memory: the attribute is lost, the program goes on
      }
    });
  } catch (...) {
  }
  return *this;
}

SpanRef& SpanRef::set_attributes_json(std::string_view json_object) noexcept {
  if (rec_ == nullptr || json_object.empty()) return *this;
  try {
    nlohmann::json attributes = detail::parse_json_value(json_object);
    if (!attributes.is_object()) return *this;
    edit([&](detail::SpanRecord& record) noexcept {
      try {
        for (auto& [key, value] : attributes.items()) record.set_attribute(key, std::move(value));
      } catch (...) {
      }
    });
  } catch (...) {
  }
  return *this;
}

SpanRef& SpanRef::add_event_json(std::string_view name, std::string_view json_attributes,
                                 std::int64_t time_unix_nano) noexcept {
  if (rec_ == nullptr) return *this;
  try {
    detail::SpanEventRecord event =
        event_value(name,
                    json_attributes.empty() ? nlohmann::json::object()
                                            : detail::parse_json_value(json_attributes),
                    time_unix_nano);
    edit([&](detail::SpanRecord& record) noexcept {
      try {
        record.events.push_back(std::move(event));
      } catch (...) {
      }
    });
  } catch (...) {
  }
  return *this;
}

SpanRef& SpanRef::record_exception(const std::exception& error) noexcept {
  if (rec_ == nullptr) return *this;
  try {
    std::string type = demangle(typeid(error).name());
    std::string message = error.what();
    record_exception_as(*this, type, message, type + ": " + message);
  } catch (...) {
  }
  return *this;
}

SpanRef& SpanRef::record_exception(std::exception_ptr error) noexcept {
  if (rec_ == nullptr || !error) return *this;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    record_exception(e);
  } catch (...) {  // not derived from std::exception: its type is all there is to say
    try {
      const std::type_info* type = abi::__cxa_current_exception_type();
      std::string name = type != nullptr ? demangle(type->name()) : "unknown exception";
      record_exception_as(*this, name, "", name);
    } catch (...) {
    }
  }
  return *this;
}

SpanRef& SpanRef::set_status(SpanStatusCode code, std::string_view description) noexcept {
  if (rec_ == nullptr) return *this;
  try {
    std::string message(description);
    edit([&](detail::SpanRecord& record) noexcept {
      record.status = code;
      record.status_message.swap(message);
    });
  } catch (...) {
  }
  return *this;
}

SpanRef& SpanRef::set_name(std::string_view name) noexcept {
  if (rec_ == nullptr) return *this;
  try {
    detail::SpanName text(name);
    edit([&](detail::SpanRecord& record) noexcept { record.name = std::move(text); });
  } catch (...) {
  }
  return *this;
}

SpanRef& SpanRef::add_link_json(std::string_view trace_id, std::string_view span_id,
                                std::string_view json_attributes) noexcept {
  if (rec_ == nullptr) return *this;
  try {
    detail::SpanLinkRecord link;
    auto trace = detail::trace_id_from_hex(trace_id);
    auto span = detail::span_id_from_hex(span_id);
    if (!trace || !span) {
      detail::warn_once("span-link-ids",
                        "add_link: a link needs a trace id (\"tr-\" and 32 hex digits, or the 32 "
                        "digits) and a span id (16 hex digits); a link with \"" +
                            std::string(trace_id) + "\", \"" + std::string(span_id) +
                            "\" was left out (reported once)");
      return *this;
    }
    link.trace_id = *trace;
    link.span_id = *span;
    if (!json_attributes.empty()) {
      nlohmann::json attributes = detail::parse_json_value(json_attributes);
      if (attributes.is_object() && !attributes.empty()) link.attributes = std::move(attributes);
    }
    edit([&](detail::SpanRecord& record) noexcept {
      try {
        record.links.push_back(std::move(link));
      } catch (...) {
      }
    });
  } catch (...) {
  }
  return *this;
}

std::string SpanRef::trace_id() const {
  std::string id;
  edit([&](detail::SpanRecord& record) noexcept {
    try {
      id = detail::mlflow_trace_id(record.trace->trace_id);
    } catch (...) {  // out of memory: no id
    }
  });
  return id;
}

std::string SpanRef::span_id() const {
  std::string id;
  edit([&](detail::SpanRecord& record) noexcept {
    try {
      id = detail::to_hex(record.span_id);
    } catch (...) {
    }
  });
  return id;
}

}  // namespace v0
}  // namespace mlflow
