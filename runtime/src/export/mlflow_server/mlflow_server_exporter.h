// mlflow_server_exporter.h: the exporter for an MLflow tracking server (MLFLOW_TRACKING_URI).
//
// On the export thread: resolves the experiment once (by name, created when missing, or by
// id), then delivers each batch through ServerDelivery: the batch's spans in OTLP requests of
// up to ServerDelivery::kTracesPerRequest traces, then StartTraceV3 per trace.
//
// Nothing is lost when the server is down or refuses a trace: what cannot be delivered within
// the retry budget (MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS) or before the flush deadline is kept in
// the local trace store as an undelivered trace (undelivered_trace.h) for `mlflow-cpp push`.
// After the server failed to answer, later batches (and the rest of the batch: its other
// traces' StartTraceV3) go straight to the store, without waiting on the network, until a probe
// interval has passed (1 s, doubling up to 60 s, back to nothing after a success): a long
// outage never backs up the export queue. A server that is not there
// at all (connection refused: nothing listens; net/retrying_sender.h) costs a flush no waiting:
// its batch is kept at once, so a program whose server is not running exits without delay.
#ifndef MLFLOW_RUNTIME_MLFLOW_SERVER_EXPORTER_H
#define MLFLOW_RUNTIME_MLFLOW_SERVER_EXPORTER_H

#include <mlflow/version.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "export/exporter.h"
#include "export/mlflow_server/server_delivery.h"
#include "export/mlflow_server/undelivered_trace.h"
#include "export/spill_buffer.h"
#include "net/tracking_client.h"
#include "store/local_trace_store.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class MlflowServerExporter final : public TraceExporter {
 public:
  // `otlp`: the resource of the OTLP requests (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES).
  MlflowServerExporter(const TrackingServerSettings& settings, std::filesystem::path trace_dir,
                       const OtlpSettings& otlp = {});

  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override;
  // Keeps the trace with the undelivered ones, for `mlflow-cpp push` (any thread), gathered in
  // spilled_ until written.
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override;
  void write_kept() noexcept override { spilled_.write_pending(); }

 private:
  using Clock = std::chrono::steady_clock;

  void deliver(const std::vector<const CompletedTrace*>& traces, const ExportDeadline& deadline);
  // Keeps traces for `mlflow-cpp push`, and says so once.
  void keep(const std::vector<const CompletedTrace*>& traces, bool spans_delivered,
            const std::string& reason);
  // The delivery intent stored with kept traces. The experiment is the one resolved when the
  // export thread calls (`resolved`), else as configured (push resolves a name).
  DeliveryIntent intent(bool resolved, bool spans_delivered, const std::string& reason) const;
  void server_failed();
  void server_answered() { probe_interval_ = {}; down_until_ = {}; }

  TrackingServerSettings settings_;
  TrackingClient client_;
  ServerDelivery delivery_;
  LocalTraceStore undelivered_;
  SpillBuffer spilled_;  // after undelivered_, which it writes to
  std::optional<std::string> experiment_id_;  // resolved on first use
  Clock::time_point down_until_{};
  std::chrono::milliseconds probe_interval_{0};
  std::size_t kept_ = 0;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_MLFLOW_SERVER_EXPORTER_H
