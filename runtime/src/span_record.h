// span_record.h: one span as the runtime records it.
//
// Written only by the thread that owns the span until it ends (no lock on the setters); after
// `ended` is set the record is immutable and may be read by the trace's completion and, later,
// the export thread. Values are kept as nlohmann::json and turned into MLflow's JSON text only
// on the export thread.
#ifndef MLFLOW_RUNTIME_SPAN_RECORD_H
#define MLFLOW_RUNTIME_SPAN_RECORD_H

#include <mlflow/version.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/span_type.h>

#include "ids.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct TraceState;

struct SpanEventRecord {
  std::string name;
  std::int64_t time_unix_nano = 0;
  nlohmann::json attributes = nlohmann::json::object();  // plain values, as MLflow keeps them
};

struct SpanRecord {
  TraceState* trace = nullptr;  // the trace this span belongs to (which owns this record)
  SpanId span_id = 0;
  SpanId parent_span_id = 0;    // 0 for a root span, unless its parent is in another service
  std::string name;
  std::string span_type;        // one of SpanType's names, or a custom string
  std::int64_t start_unix_nano = 0;
  std::int64_t end_unix_nano = 0;
  SpanStatusCode status = SpanStatusCode::UNSET;
  std::string status_message;
  bool has_inputs = false;
  bool has_outputs = false;
  nlohmann::json inputs;
  nlohmann::json outputs;
  // Other attributes in the order first set; setting a key again replaces its value.
  std::vector<std::pair<std::string, nlohmann::json>> attributes;
  std::vector<SpanEventRecord> events;
  std::atomic<bool> ended{false};

  // The attribute's value, or null when it is not set.
  const nlohmann::json* find_attribute(std::string_view key) const noexcept {
    for (const auto& [k, v] : attributes)
      if (k == key) return &v;
    return nullptr;
  }
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPAN_RECORD_H
