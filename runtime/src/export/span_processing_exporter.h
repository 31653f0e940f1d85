// span_processing_exporter.h: the program's span processors (mlflow::tracing::configure, Python's
// mlflow.tracing.configure(span_processors=...)), run on every span of a trace before its
// secrets are masked and it is exported.
//
// Wraps the exporter below the secret masking (runtime.cpp), so that the processors see the
// values as recorded and whatever they leave is masked too. They run where the masking runs:
// on the export thread, or on the thread that keeps a trace locally when the queue is full.
// The list is process-wide and replaced whole by configure(); each batch runs the list that was
// current when it started.
#ifndef MLFLOW_RUNTIME_SPAN_PROCESSING_EXPORTER_H
#define MLFLOW_RUNTIME_SPAN_PROCESSING_EXPORTER_H

#include <mlflow/version.h>

#include <memory>
#include <vector>

#include <mlflow/tracing.h>

#include "export/exporter.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Runs the current span processors on every span of `trace`, in place.
void process_spans(CompletedTrace& trace) noexcept;

class SpanProcessingExporter final : public TraceExporter {
 public:
  explicit SpanProcessingExporter(std::unique_ptr<TraceExporter> inner) : inner_(std::move(inner)) {}

  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override {
    for (const auto& trace : batch) process_spans(*trace);
    inner_->export_traces(batch, deadline);
  }
  // The trace is the spilling thread's alone (it never entered the queue), as for the masking.
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override {
    process_spans(const_cast<CompletedTrace&>(trace));
    return inner_->keep_locally(trace);
  }
  void write_kept() noexcept override { inner_->write_kept(); }

 private:
  std::unique_ptr<TraceExporter> inner_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPAN_PROCESSING_EXPORTER_H
