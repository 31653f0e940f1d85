// destination_switch.h: the exporter of the moment, replaced when the program changes where
// traces go (mlflow::set_tracking_uri, set_experiment, tracing::set_destination; runtime.cpp).
//
// The pipeline keeps one exporter for its life, and traced threads may be inside its
// keep_locally() at any time, so the destination is not replaced by replacing the pipeline's
// exporter: the pipeline's exporter is this switch, and each call goes to the exporter that is
// current when it starts, held by a share for the length of the call. A replaced exporter lives
// on until its last call returns; what it kept for later is written when it is replaced, and
// by a traced thread whose keep_locally() on it was still running then.
#ifndef MLFLOW_RUNTIME_DESTINATION_SWITCH_H
#define MLFLOW_RUNTIME_DESTINATION_SWITCH_H

#include <mlflow/version.h>

#include <memory>
#include <mutex>
#include <vector>

#include "export/exporter.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class DestinationSwitch final : public TraceExporter {
 public:
  explicit DestinationSwitch(std::unique_ptr<TraceExporter> first) : current_(std::move(first)) {}

  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override {
    current()->export_traces(batch, deadline);
  }
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override;
  void write_kept() noexcept override { current()->write_kept(); }

  // Later calls go to `next`. What the replaced exporter kept is written before this returns.
  void replace(std::shared_ptr<TraceExporter> next) noexcept;

  // Held across fork() by the runtime's fork handlers, so that the child finds it unlocked.
  void before_fork() noexcept { mutex_.lock(); }
  void after_fork() noexcept { mutex_.unlock(); }

 private:
  std::shared_ptr<TraceExporter> current() const noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
  }

  mutable std::mutex mutex_;
  std::shared_ptr<TraceExporter> current_;  // guarded by mutex_
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_DESTINATION_SWITCH_H
