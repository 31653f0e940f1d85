// mlflow_server_exporter.cpp: see mlflow_server_exporter.h.
#include "export/mlflow_server/mlflow_server_exporter.h"

#include <algorithm>

#include "format/trace_dict.h"
#include "format/trace_info.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

MlflowServerExporter::MlflowServerExporter(const TrackingServerSettings& settings,
                                           std::filesystem::path trace_dir,
                                           const OtlpSettings& otlp)
    : settings_(settings),
      client_(settings),
      delivery_(client_, OtlpResource::of(otlp, /*name_unknown_service=*/false)),
      undelivered_(std::move(trace_dir), LocalTraceStore::kUndeliveredFileName),
      spilled_(undelivered_, "traces for " + settings_.uri) {}

void MlflowServerExporter::export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                                         const ExportDeadline& deadline) noexcept {
  std::vector<const CompletedTrace*> traces;
  try {
    traces.reserve(batch.size());
    for (const auto& trace : batch) traces.push_back(trace.get());
    deliver(traces, deadline);
  } catch (const std::exception& e) {
    // Keep the batch rather than lose it (a resend after a partial delivery is harmless for
    // spans: the server upserts them by id; StartTraceV3 merges).
    try {
      keep(traces, false, std::string("export failed: ") + e.what());
    } catch (...) {
    }
  } catch (...) {
  }
}

void MlflowServerExporter::deliver(const std::vector<const CompletedTrace*>& traces,
                                   const ExportDeadline& deadline) {
  if (deadline.passed()) return keep(traces, false, "the flush deadline passed before delivery");
  if (Clock::now() < down_until_)
    return keep(traces, false, settings_.uri + " did not answer; waiting before trying again");

  if (!experiment_id_) {
    std::string error;
    bool unreachable = false;
    experiment_id_ = client_.resolve_experiment(settings_.experiment_id, settings_.experiment_name,
                                                &deadline, &error, &unreachable);
    if (!experiment_id_) {
      if (unreachable) server_failed();
      return keep(traces, false, error);  // says why, once
    }
    server_answered();
  }

  constexpr std::size_t kPerRequest = ServerDelivery::kTracesPerRequest;
  for (std::size_t begin = 0; begin < traces.size(); begin += kPerRequest) {
    const std::vector<const CompletedTrace*> chunk(
        traces.begin() + static_cast<std::ptrdiff_t>(begin),
        traces.begin() + static_cast<std::ptrdiff_t>(std::min(traces.size(), begin + kPerRequest)));
    if (deadline.passed() || Clock::now() < down_until_) {
      keep(chunk, false, deadline.passed() ? "the flush deadline passed before delivery"
                                           : settings_.uri + " did not answer");
      continue;
    }
    DeliveryResult spans = delivery_.send_spans(*experiment_id_, chunk, &deadline);
    if (!spans.ok()) {
      if (spans.outcome == DeliveryOutcome::kUnreachable) server_failed();
      keep(chunk, false, spans.error);
      continue;
    }
    server_answered();
    for (const CompletedTrace* trace : chunk) {
      const bool continued = trace->remote_parent_span_id() != 0;
      // The server failed to answer for an earlier trace of this chunk (or the flush deadline
      // passed): keep this one at once, its spans delivered, instead of spending the retry
      // budget again for each trace (a chunk holds up to 100; a server answering StartTraceV3
      // with 503 held the export thread one budget per trace; found by test/faults).
      if (!continued && (deadline.passed() || Clock::now() < down_until_)) {
        keep({trace}, delivery_.spans_go_by_otlp(),
             deadline.passed() ? "the flush deadline passed before delivery"
                               : settings_.uri + " did not answer");
        continue;
      }
      nlohmann::json info;
      nlohmann::json spans_dict = {{"spans", nlohmann::json::array()}};
      if (!continued) {
        TraceInfo derived = derive_trace_info(*trace);
        derived.experiment_id = *experiment_id_;
        info = trace_info_to_dict(derived);
        if (!delivery_.spans_go_by_otlp())
          for (const auto& span : trace->spans)
            spans_dict["spans"].push_back(span_to_dict(*span, trace->trace_id));
      }
      DeliveryResult result =
          delivery_.send_info(*experiment_id_, continued, info, spans_dict, &deadline);
      if (!result.ok()) {
        if (result.outcome == DeliveryOutcome::kUnreachable) server_failed();
        keep({trace}, delivery_.spans_go_by_otlp(), result.error);
      }
    }
  }
}

void MlflowServerExporter::server_failed() {
  probe_interval_ = std::clamp<std::chrono::milliseconds>(probe_interval_ * 2, std::chrono::seconds(1),
                                                          std::chrono::seconds(60));
  down_until_ = Clock::now() + probe_interval_;
}

DeliveryIntent MlflowServerExporter::intent(bool resolved, bool spans_delivered,
                                            const std::string& reason) const {
  DeliveryIntent kept;
  kept.tracking_uri = settings_.uri;
  const std::string configured = settings_.experiment_name.empty() ? settings_.experiment_id : "";
  kept.experiment_id = resolved ? experiment_id_.value_or(configured) : configured;
  kept.experiment_name = settings_.experiment_name;
  kept.spans_delivered = spans_delivered;
  kept.reason = reason;
  return kept;
}

std::size_t MlflowServerExporter::keep_locally(const CompletedTrace& trace) noexcept {
  // Not experiment_id_: the export thread writes it.
  try {
    const auto turn = spilled_.large_line_turn(trace.approximate_bytes);
    std::string line = undelivered_trace_line(
        trace, intent(false, false, "the export queue was full (the server was slow or down)"));
    line.push_back('\n');
    if (spilled_.add(line)) {
      warn_once("kept-undelivered-spilled",
                "the export queue is full: keeping traces for " + settings_.uri + " in " +
                    undelivered_.file().string() + ". Deliver them later with: mlflow-cpp push " +
                    undelivered_.dir().string());
      return line.size();
    }
    warn("could not keep a trace for " + settings_.uri + " (out of memory); it is lost");
  } catch (const std::exception& e) {
    warn(std::string("could not keep a trace in the local trace store: ") + e.what());
  }
  return 0;
}

void MlflowServerExporter::keep(const std::vector<const CompletedTrace*>& traces,
                                bool spans_delivered, const std::string& reason) {
  if (traces.empty()) return;
  const DeliveryIntent kept = intent(true, spans_delivered, reason);
  std::vector<std::string> lines;
  lines.reserve(traces.size());
  for (const CompletedTrace* trace : traces) lines.push_back(undelivered_trace_line(*trace, kept));
  std::string error;
  if (!undelivered_.append(lines, &error)) {
    warn("could not deliver " + std::to_string(traces.size()) + " trace(s) to " + settings_.uri +
         " (" + reason + ") nor keep them in the local trace store (" + error + "); they are lost");
    return;
  }
  kept_ += traces.size();
  warn_once("kept-undelivered",
            "could not deliver traces to " + settings_.uri + " (" + reason + "); keeping them in " +
                undelivered_.file().string() + ". Deliver them later with: mlflow-cpp push " +
                undelivered_.dir().string());
}

}  // namespace detail
MLFLOW_END_NAMESPACE
