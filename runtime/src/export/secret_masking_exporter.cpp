// secret_masking_exporter.cpp: see secret_masking_exporter.h.
#include "export/secret_masking_exporter.h"

#include <map>
#include <utility>

#include "core/completed_trace.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Inputs or outputs, read as text (the form most captured values are kept in) and replaced by
// the masked text when anything was masked; a value kept as a tree is written out to be read
// the same way (one walk for both forms).
void mask_recorded(RecordedJson& value, bool arguments, SecretKind under,
                   const SecretMasker& masker, std::string& scratch) {
  if (value.is_null()) return;
  scratch.clear();
  value.append_text(scratch);
  if (!masker.mask_json_text(scratch, arguments, under)) return;
  // The span has ended: its record is written by no one else now (span_record.h).
  value.value_text(value.type()).swap(scratch);
}

void mask_span(SpanRecord& span, const SecretMasker& masker, std::string& scratch) {
  const bool function = span.code.function_name != nullptr;
  const SecretKind all =
      function ? masker.function_kind(span.code.function_name) : SecretKind::kNone;
  try {
    mask_recorded(span.inputs, function, all, masker, scratch);
    mask_recorded(span.outputs, false, all, masker, scratch);
    for (auto& [key, value] : span.attributes) masker.mask_named(key, value);
    for (auto& event : span.events) masker.mask_json(event.attributes);
    masker.mask_text(span.status_message);
  } catch (...) {  // out of memory: the values go, not the secrets in them
    span.inputs = nlohmann::json();
    span.outputs = nlohmann::json();
    span.attributes.clear();
    for (auto& event : span.events) event.attributes = nlohmann::json::object();
    span.status_message.clear();
  }
}

void mask_strings(std::map<std::string, std::string>& values, const SecretMasker& masker) {
  for (auto& [key, value] : values) {
    if (masker.name_kind(key) != SecretKind::kNone) {
      if (!value.empty()) value = std::string(kMask);
    } else {
      masker.mask_text(value);
    }
  }
}

}  // namespace

void mask_secrets(CompletedTrace& trace, const SecretMasker& masker, std::string& scratch) noexcept {
  for (auto& span : trace.spans) mask_span(*span, masker, scratch);
  if (!trace.annotations.any()) return;
  TraceAnnotations& annotations = trace.annotations.edit();
  try {
    mask_strings(annotations.tags, masker);
    mask_strings(annotations.metadata, masker);
    if (annotations.request_preview) masker.mask_text(*annotations.request_preview);
    if (annotations.response_preview) masker.mask_text(*annotations.response_preview);
  } catch (...) {  // out of memory
    annotations.tags.clear();
    annotations.metadata.clear();
    annotations.request_preview.reset();
    annotations.response_preview.reset();
  }
}

std::unique_ptr<TraceExporter> SecretMaskingExporter::wrap(std::unique_ptr<TraceExporter> exporter,
                                                           const SecretRules& rules) {
  auto masking = std::make_unique<SecretMaskingExporter>(std::move(exporter), rules);
  if (!masking->masker_.active()) return std::move(masking->inner_);
  return masking;
}

void SecretMaskingExporter::export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                                          const ExportDeadline& deadline) noexcept {
  for (const auto& trace : batch) mask_secrets(*trace, masker_, scratch_);
  inner_->export_traces(batch, deadline);
}

std::size_t SecretMaskingExporter::keep_locally(const CompletedTrace& trace) noexcept {
  std::string scratch;
  // Not shared: see the header. The record was made mutable, only handed over as const.
  mask_secrets(const_cast<CompletedTrace&>(trace), masker_, scratch);
  return inner_->keep_locally(trace);
}

}  // namespace detail
MLFLOW_END_NAMESPACE
