// trace_line_writer.h: the local store's line, trace_to_dict (trace_dict.h) as compact JSON
// text, written directly: no JSON tree, and no allocation once the writer's buffers have grown.
#ifndef MLFLOW_RUNTIME_TRACE_LINE_WRITER_H
#define MLFLOW_RUNTIME_TRACE_LINE_WRITER_H

#include <mlflow/version.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

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
    bool own_key = false;  // the writer's own: written without escaping
  };

  void append_span(TextBuffer& out, const SpanRecord& span);
  void append_info(TextBuffer& out, const CompletedTrace& trace);
  void append_attribute_value(TextBuffer& out, const SpanRecord& span, const Member& member);
  // append_json_string(out, text), copied from the root's attributes when it is one of them.
  void append_root_value_string(TextBuffer& out, std::string_view text);

  // The root span's inputs (0) and outputs (1) as written in this trace's line: the JSON text,
  // and where in `out` its JSON string is (size 0: not written).
  struct WrittenText {
    std::string text;
    std::size_t at = 0;
    std::size_t size = 0;
  };
  const SpanRecord* root_ = nullptr;
  WrittenText root_values_[2];

  TextBuffer trace_id_base64_;       // "\"<base64>\"", per trace
  char trace_id_hex_[32] = {};       // the trace id's 32 hex digits, per trace
  TextBuffer request_id_attribute_;  // mlflow.traceRequestId's value as written, per trace
  TextBuffer value_;                 // JSON text on its way to becoming a JSON string
  std::string text_;                 // the same, from the functions that write std::strings
  std::vector<Member> members_;
  std::string user_;
  bool user_known_ = false;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_LINE_WRITER_H
