// trace_view.h: the parts of one stored trace that `mlflow-cpp show` displays and filters on.
//
// A stored line may have been written by another version of the runtime, or of MLflow, so any
// field may be missing or of an unexpected type. Reading one never throws on such a line: what
// cannot be read is left empty (std::nullopt), and the renderer shows "?" for it.
#ifndef MLFLOW_CPP_CLI_TRACE_VIEW_H
#define MLFLOW_CPP_CLI_TRACE_VIEW_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlflow::cli {

// An `exception` event, as MLflow records one (exception.type, exception.message).
struct ExceptionView {
  std::optional<std::string> type;
  std::optional<std::string> message;
};

struct SpanView {
  std::string id;         // span_id as stored (base64); empty when missing
  std::string parent_id;  // parent_span_id; empty for a root span
  std::optional<std::string> name;
  std::optional<std::string> type;    // the mlflow.spanType attribute, decoded: "TOOL"
  std::optional<std::string> status;  // "OK", "ERROR", "UNSET" (the "STATUS_CODE_" dropped)
  std::string status_message;
  std::optional<std::int64_t> start_ns;
  std::optional<std::int64_t> end_ns;
  // The mlflow.spanInputs / mlflow.spanOutputs attributes as stored (JSON text), in the trace
  // the view was made from; null when the span has none. Decoded only when shown
  // (attribute_glimpse), so filtering and --json never pay for it, and not copied: copying a
  // nlohmann::json recurses through it.
  const nlohmann::json* inputs = nullptr;
  const nlohmann::json* outputs = nullptr;
  std::vector<ExceptionView> exceptions;

  bool is_error() const { return status == "ERROR"; }
  // end - start, when both are known and in order.
  std::optional<std::int64_t> duration_ns() const;
};

struct TraceView {
  std::optional<std::string> trace_id;  // "tr-<32 hex>"
  // The mlflow.traceName tag, else the name of the root span.
  std::optional<std::string> name;
  std::optional<std::string> state;  // "OK", "ERROR", "IN_PROGRESS"
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> request_time;  // RFC 3339, as stored
  std::vector<SpanView> spans;              // in stored order
};

// Reads what is readable of `trace` (one stored line, parsed). The view points into `trace`
// (SpanView::inputs, outputs), which must outlive it.
TraceView view_trace(const nlohmann::json& trace);

// A span attribute as MLflow stores it (JSON text: "{\"x\": 1}") decoded, as a glimpse of at
// most `max_chars` characters (json_glimpse.h): {"x":1}, keys in stored order. Text that is not
// JSON, or a value that is not text (another writer's raw value), is shown as that value.
std::string attribute_glimpse(const nlohmann::json& stored, std::size_t max_chars);

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_TRACE_VIEW_H
