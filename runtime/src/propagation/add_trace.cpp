// add_trace.cpp: mlflow::add_trace (mlflow/propagation.h): a trace recorded by another service
// joins the trace being recorded here, as Python's mlflow.add_trace merges it.
//
// The remote trace arrives as MLflow's Trace JSON, the shape the local store keeps, so the
// store's reader (format/trace_from_dict.h) turns it into span records; TraceState takes them as
// spans that have ended (TraceState::add_ended_spans) and they are exported with the trace.
#include <mlflow/propagation.h>

#include <mlflow/span.h>
#include <mlflow/tracing.h>

#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/context_access.h"
#include "core/span_record.h"
#include "core/trace_state.h"
#include "format/trace_from_dict.h"
#include "support/diagnostics.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace {

using detail::SpanFrame;
using nlohmann::json;

// A remote trace, read: its span records and its info.
struct RemoteTrace {
  std::unique_ptr<detail::CompletedTrace> trace;
  json info;
  std::string state;  // "OK" or "ERROR"
};

void refuse(const std::string& why) {
  detail::warn("add_trace: " + why + "; nothing was added");
}

std::optional<RemoteTrace> read_remote(std::string_view text) {
  json dict = json::parse(text, nullptr, false);
  if (dict.is_discarded() || !dict.is_object()) {
    refuse("the text is not JSON (MLflow's Trace JSON: {\"info\": ..., \"data\": {\"spans\": [...]}})");
    return std::nullopt;
  }
  RemoteTrace remote;
  if (auto info = dict.find("info"); info != dict.end() && info->is_object()) remote.info = *info;
  // MLflow 3's TraceInfo says "state"; a 2.x trace said "status".
  const json& state = remote.info.contains("state") ? remote.info["state"] : remote.info["status"];
  remote.state = state.is_string() ? state.get<std::string>() : std::string();
  if (remote.state != "OK" && remote.state != "ERROR") {
    refuse("the trace has not ended (its info's state is \"" + remote.state +
           "\", not OK or ERROR), as Python's add_trace requires");
    return std::nullopt;
  }
  try {
    remote.trace = detail::completed_trace_from_dict(dict);
  } catch (const std::exception& e) {
    refuse(std::string("the trace is malformed: ") + e.what());
    return std::nullopt;
  }
  return remote;
}

// MLflow's keys that describe a trace as a whole: derived again when this trace completes.
bool derived_key(const std::string& key) {
  return key.rfind("mlflow.", 0) == 0 && key != "mlflow.trace.session" && key != "mlflow.trace.user";
}

void merge_annotations(detail::TraceState& trace, const json& info) {
  trace.annotate([&](detail::TraceAnnotations& notes) {
    auto merge = [&](const char* member, std::map<std::string, std::string>& into) {
      auto values = info.find(member);
      if (values == info.end() || !values->is_object()) return;
      for (const auto& [key, value] : values->items())
        if (!derived_key(key) && value.is_string()) into.emplace(key, value.get<std::string>());
    };
    merge("tags", notes.tags);
    merge("trace_metadata", notes.metadata);
  });
}

bool add_under(RemoteTrace& remote, const SpanFrame& parent) {
  if (parent.kind != SpanFrame::Kind::kSpan || parent.trace == nullptr) return false;
  if (!parent.trace->add_ended_spans(remote.trace->spans, parent.span_id)) {
    refuse("the trace it was to join has completed (its root span ended)");
    return false;
  }
  merge_annotations(*parent.trace, remote.info);
  return true;
}

// No span to join: a new root holds the remote spans (Python's "Remote Trace <name>").
bool add_as_new_trace(RemoteTrace& remote) {
  const detail::SpanRecord& root = *remote.trace->spans.front();
  auto span = start_span("Remote Trace <" + root.name.str() + ">", root.span_type,
                         SpanOptions().set_parent(Context()).set_start_time(
                             root.start_unix_nano > 0 ? root.start_unix_nano - 1 : 0));
  if (!span.is_recording()) return false;  // not sampled, or tracing off
  if (root.has_inputs) span.set_inputs_json(root.inputs.text());
  for (const auto& [key, value] : root.attributes)
    span.set_attribute_json(key, detail::to_json_text(value));
  const bool added = add_under(remote, detail::ContextAccess::to_frame(Context::current()));
  if (root.has_outputs) span.set_outputs_json(root.outputs.text());
  span.set_status(remote.state == "OK" ? SpanStatusCode::OK : SpanStatusCode::ERROR);
  span.end(root.end_unix_nano);
  return added;
}

}  // namespace

bool add_trace(std::string_view trace_json) noexcept {
  return add_trace(trace_json, Context::current());
}

bool add_trace(std::string_view trace_json, const Context& parent) noexcept {
  if (!tracing::is_enabled()) return false;
  try {
    std::optional<RemoteTrace> remote = read_remote(trace_json);
    if (!remote) return false;
    const SpanFrame frame = detail::ContextAccess::to_frame(parent);
    if (frame.kind == SpanFrame::Kind::kEmpty) return add_as_new_trace(*remote);
    return add_under(*remote, frame);
  } catch (...) {  // out of memory: the remote spans are lost, the program goes on
    return false;
  }
}

MLFLOW_END_NAMESPACE
