// span_record.h: one span as the runtime records it.
//
// Written only by the thread that owns the span until it ends (no lock on the setters); after
// `ended` is set the record is immutable and may be read by the trace's completion and, later,
// the export thread. Inputs and outputs are JSON trees or JSON text (recorded_json.h); other
// values are kept as nlohmann::json and turned into MLflow's JSON text on the export thread.
#ifndef MLFLOW_RUNTIME_SPAN_RECORD_H
#define MLFLOW_RUNTIME_SPAN_RECORD_H

#include <mlflow/version.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/span_type.h>

#include "core/ids.h"
#include "core/recorded_json.h"
#include "support/lazy_vector.h"
#include "support/recycling_allocation.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct TraceState;

// A link to another span (OpenTelemetry's span links, MLflow's Link).
struct SpanLinkRecord {
  TraceId trace_id;
  SpanId span_id = 0;
  nlohmann::json attributes;  // an object, or null for none
};

struct SpanEventRecord {
  std::string name;
  std::int64_t time_unix_nano = 0;
  nlohmann::json attributes = nlohmann::json::object();  // plain values, as MLflow keeps them
};

// Where a traced function comes from, as the plugin passes it: string literals, so recording
// it costs four stores and no allocation. Exported as the attributes mlflow.spanFunctionName
// (Python's fn.__name__) and OpenTelemetry's code.function.name, code.file.path and
// code.line.number (for_each_code_attribute).
struct CodeLocation {
  const char* function_name = nullptr;  // null: not a function span
  const char* qualified_name = nullptr;
  const char* file = nullptr;
  unsigned line = 0;
};

// A span's name: the plugin's literal, kept as a pointer like CodeLocation's (a function's name
// is often longer than a std::string holds without a heap block: one allocation per span, and a
// free after export, saved), or a copy of any other text assigned to it.
class SpanName {
 public:
  SpanName() = default;
  explicit SpanName(std::string_view text) : owned_(text) {}
  SpanName& operator=(std::string_view text) {
    owned_.assign(text);
    literal_ = {};
    return *this;
  }
  // `literal` is in static storage (a string literal) and stays there.
  static SpanName literal(std::string_view literal) {
    SpanName name;
    name.literal_ = literal;
    return name;
  }

  std::string_view view() const noexcept {
    return literal_.data() != nullptr ? literal_ : std::string_view(owned_);
  }
  operator std::string_view() const noexcept { return view(); }
  bool empty() const noexcept { return view().empty(); }
  std::string str() const { return std::string(view()); }
  const std::string& owned() const noexcept { return owned_; }  // empty for a literal

 private:
  std::string_view literal_;  // data() null: the name is owned_
  std::string owned_;
};

struct SpanRecord : RecyclingAllocation<SpanRecord> {
  SpanRecord() = default;
  // Name and type built in place: cheaper than assigning them to the empty strings.
  SpanRecord(TraceState* trace, SpanId span_id, SpanId parent_span_id, SpanName name,
             std::string_view span_type)
      : trace(trace), span_id(span_id), parent_span_id(parent_span_id), name(std::move(name)),
        span_type(span_type) {}

  TraceState* trace = nullptr;  // the trace this span belongs to (which owns this record)
  SpanId span_id = 0;
  SpanId parent_span_id = 0;    // 0 for a root span, unless its parent is in another service
  SpanName name;
  std::string span_type;        // one of SpanType's names, or a custom string
  std::int64_t start_unix_nano = 0;
  std::int64_t end_unix_nano = 0;
  // The small fields share one word (the record is copied to the export thread's cache per span).
  SpanStatusCode status = SpanStatusCode::UNSET;
  bool has_inputs = false;
  bool has_outputs = false;
  SpanKind kind = SpanKind::INTERNAL;
  std::atomic<bool> ended{false};
  // The thread that started the span exited with it open (SpanStack::orphan_open_spans): its
  // stack is gone, and the span's end must not look for its frame there.
  std::atomic<bool> orphaned{false};
  // A SpanRef has been lent this span (core/lent_spans.h): its end takes it out of the
  // registry before touching the record. Set under the trace's lock.
  std::atomic<bool> lent{false};
  std::string status_message;
  RecordedJson inputs;
  RecordedJson outputs;
  // Other attributes in the order first set; setting a key again replaces its value. Most
  // spans have none, nor events: their lists are allocated when first added to.
  LazyVector<std::pair<std::string, nlohmann::json>> attributes;
  CodeLocation code;
  LazyVector<SpanEventRecord> events;
  LazyVector<SpanLinkRecord> links;

  // Sets the attribute `key`, replacing its value in place when it is set already.
  void set_attribute(std::string_view key, nlohmann::json value) {
    for (auto& [k, v] : attributes) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    attributes.emplace_back(std::string(key), std::move(value));
  }

  // The attribute's value, or null when it is not set.
  const nlohmann::json* find_attribute(std::string_view key) const noexcept {
    for (const auto& [k, v] : attributes)
      if (k == key) return &v;
    return nullptr;
  }

  // The inputs as recorded. A function span's inputs are an object of its parameters, {} for
  // none: kept null until the first parameter arrives, which saves a store per call.
  const RecordedJson& recorded_inputs() const noexcept {
    if (inputs.is_null() && code.function_name != nullptr) {
      // Never destroyed: the export thread may still read it during the final flush at exit,
      // after static destructors ran.
      static const RecordedJson* const empty = new RecordedJson(nlohmann::json::object());
      return *empty;
    }
    return inputs;
  }
};

// Calls fn(key, value) for each attribute of `span.code` that is set and not overridden by an
// attribute of the same key, in a fixed order, before the span's other attributes.
template <class Fn>
void for_each_code_attribute(const SpanRecord& span, Fn&& fn) {
  if (span.code.function_name == nullptr) return;
  auto emit = [&](const char* key, nlohmann::json value) {
    if (span.find_attribute(key) == nullptr) fn(std::string(key), std::move(value));
  };
  emit("mlflow.spanFunctionName", span.code.function_name);
  if (span.code.qualified_name != nullptr) emit("code.function.name", span.code.qualified_name);
  if (span.code.file != nullptr) emit("code.file.path", span.code.file);
  if (span.code.line != 0) emit("code.line.number", span.code.line);
}

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPAN_RECORD_H
