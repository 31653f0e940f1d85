// trace_json.h: completed traces in MLflow's JSON shapes.
//
//   span_to_dict        Span.to_dict(): ids in base64, every attribute value as JSON text
//   trace_info_to_dict  TraceInfo.to_dict(): the TraceInfoV3 proto as a dict, with
//                       execution_duration_ms in place of the Duration
//   trace_to_dict       Trace.to_dict(): {"info": ..., "data": {"spans": [...]}}, the shape
//                       Trace.from_json reads back and the local store's line format
#ifndef MLFLOW_RUNTIME_TRACE_JSON_H
#define MLFLOW_RUNTIME_TRACE_JSON_H

#include <mlflow/version.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"
#include "format/trace_info.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

nlohmann::json span_to_dict(const SpanRecord& span, const TraceId& trace_id);
nlohmann::json trace_info_to_dict(const TraceInfo& info);
nlohmann::json trace_to_dict(const CompletedTrace& trace);

// trace_to_dict as one line of compact JSON text, valid UTF-8, without the newline: exactly
// trace_to_dict(trace).dump(-1, ' ', false, error_handler_t::replace), written directly.
std::string trace_to_json_line(const CompletedTrace& trace);

// trace_to_json_line for many traces: appends each line to `out`, reusing its own buffers from
// one trace to the next (the local store's exporter keeps one). Not thread-safe.
class TraceLineWriter {
 public:
  void append_line(TextBuffer& out, const CompletedTrace& trace);
  // Starts a batch of traces written at the same time: the user name (mlflow.user: the
  // environment, else a system call and the password database) is looked up once per batch.
  void new_batch() noexcept { user_known_ = false; }
  // Frees buffers grown beyond `bytes` by a large trace.
  void release_memory_above(std::size_t bytes);

 private:
  // A member of an object being written (span attributes, trace metadata): its key, and where
  // its value comes from.
  enum class Kind : unsigned char {
    kString,          // `string`
    kNumber,          // `number`
    kJson,            // `json` (metadata: the token usage)
    kInputs,          // the span's (metadata: the root's) inputs
    kOutputs,         // the span's (metadata: the root's) outputs
    kTraceRequestId,  // request_id_attribute_
    kSpanLogLevel,    // `number`, as a string
  };
  struct Member {
    std::string_view key;
    Kind kind;
    std::string_view string = {};
    std::int64_t number = 0;
    const nlohmann::json* json = nullptr;
  };

  void append_span(TextBuffer& out, const SpanRecord& span);
  void append_info(TextBuffer& out, const CompletedTrace& trace);
  void append_attribute_value(TextBuffer& out, const SpanRecord& span, const Member& member);

  TextBuffer trace_id_base64_;       // "\"<base64>\"", per trace
  TextBuffer request_id_attribute_;  // mlflow.traceRequestId's value as written, per trace
  TextBuffer value_;                 // JSON text on its way to becoming a JSON string
  std::string text_;                 // the same, from the functions that write std::strings
  std::vector<Member> members_;
  std::string user_;
  bool user_known_ = false;
};

// The spans of a trace dict (trace_to_dict's shape, as the local store keeps it) back as a
// CompletedTrace, for sending a stored trace to a server later (`mlflow-cpp push`): ids from
// base64, every attribute value parsed from its JSON text, mlflow.spanType/Inputs/Outputs into
// their fields. The annotations stay empty (the stored info is sent as it is). Throws
// std::runtime_error naming what is malformed.
std::unique_ptr<CompletedTrace> completed_trace_from_dict(const nlohmann::json& trace_dict);

// "2026-11-25T03:50:31.422Z": a protobuf Timestamp's JSON form at millisecond precision.
std::string rfc3339_millis(std::int64_t unix_millis);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_JSON_H
