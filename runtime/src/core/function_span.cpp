// function_span.cpp: the runtime side of the plugin's generated code (mlflow/detail/function_span.h).
#include <mlflow/detail/function_span.h>

#include <exception>
#include <new>
#include <utility>

#include "core/span_record.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void FunctionSpan::start(const FunctionSite& site) noexcept {
  site_ = &site;
  new (&span_) Span();
  SpanAccess::start_into(span_, site.name, site.span_type);
  state_ = kStarted;
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  state_ = kStarted | kRecording;
  // As MLflow's decorator: inputs are always recorded, {} for a function without parameters
  // (SpanRecord::recorded_inputs). Where the function comes from: string literals, not copied.
  record->has_inputs = true;
  record->code = CodeLocation{site.function_name, site.qualified_name, site.file, site.line};
}

void FunctionSpan::finish() noexcept {
  state_ = 0;
  span_.~Span();  // ends the span
}

// Called by the handler whatever the span's state.
void FunctionSpan::record_current_exception() noexcept {
  if (recording()) span_.record_exception(std::current_exception());
}

SpanRecord* FunctionSpan::record() noexcept {
  return recording() ? SpanAccess::record(span_) : nullptr;
}

void record_exception(FunctionSpan& span) noexcept { span.record_current_exception(); }

}  // namespace detail
MLFLOW_END_NAMESPACE
