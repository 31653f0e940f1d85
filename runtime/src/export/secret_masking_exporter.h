// secret_masking_exporter.h: no trace leaves the process with a secret in it.
//
// Wraps the process's exporter (runtime.cpp) and masks every trace it is handed, before any
// destination sees it: the local store, a tracking server (and the undelivered traces kept for
// `mlflow-cpp push`), a collector. One place for every way a value is recorded (the plugin's
// captures, by annotation or by name filter, the manual span API, autolog), and off the traced
// threads: the masking runs on the export thread, or on the thread that spills a trace when
// the export queue is full (keep_locally). The rules are support/secrets.h's; what is masked:
//
//   * a span's inputs (a function span's as its arguments, in call order: the pairs rule) and
//     outputs, with every argument and the result of a function named like a secret's
//     (setToken, SecureStringClear) masked whole;
//   * its attributes (by their names too), its events' attributes and its status message;
//   * the trace's tags and metadata (by their names too) and its request and response previews.
//
// A span whose values cannot be masked (out of memory) loses them (null), never sends them as
// they are.
#ifndef MLFLOW_RUNTIME_SECRET_MASKING_EXPORTER_H
#define MLFLOW_RUNTIME_SECRET_MASKING_EXPORTER_H

#include <mlflow/version.h>

#include <memory>
#include <string>

#include "export/exporter.h"
#include "support/secrets.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Masks the secrets in `trace`, in place. `scratch`: a buffer to reuse between calls.
void mask_secrets(CompletedTrace& trace, const SecretMasker& masker, std::string& scratch) noexcept;

class SecretMaskingExporter final : public TraceExporter {
 public:
  SecretMaskingExporter(std::unique_ptr<TraceExporter> inner, const SecretRules& rules)
      : inner_(std::move(inner)), masker_(rules) {}

  // `exporter` wrapped, or as it is when no rule is on (MLFLOW_CPP_MASK_SECRETS=false and no
  // pattern added).
  static std::unique_ptr<TraceExporter> wrap(std::unique_ptr<TraceExporter> exporter,
                                             const SecretRules& rules);

  // The batch is the export thread's alone while it is exported: its traces are masked in
  // place, then handed on.
  void export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                     const ExportDeadline& deadline) noexcept override;
  // The trace is the spilling thread's alone (it never entered the queue): masked in place too.
  std::size_t keep_locally(const CompletedTrace& trace) noexcept override;
  void write_kept() noexcept override { inner_->write_kept(); }

 private:
  std::unique_ptr<TraceExporter> inner_;
  const SecretMasker masker_;
  std::string scratch_;  // the export thread's
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SECRET_MASKING_EXPORTER_H
