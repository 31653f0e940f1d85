// function_span.cpp: the runtime side of the plugin's generated code (mlflow/detail/function_span.h).
#include <mlflow/detail/function_span.h>

#include <exception>
#include <new>
#include <utility>

#include "json_text.h"
#include "span_record.h"

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

// The functions below are called while the span is recording (the generated code tests it
// first), except record_current_exception: the handler runs whatever the span's state.
void FunctionSpan::add_input(const char* name, nlohmann::json value) noexcept {
  if (!recording()) return;
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  try {
    // Written as text now: no tree to allocate here and free later (recorded_json.h).
    append_json_text(record->inputs.object_member(name), value);
  } catch (...) {  // out of memory: this input is lost, the program goes on
  }
}

void FunctionSpan::add_pack_input(const char* name, nlohmann::json value) noexcept {
  if (!recording()) return;
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  try {
    append_json_text(record->inputs.list_element(name), value);
  } catch (...) {
  }
}

void FunctionSpan::set_output(nlohmann::json value) noexcept {
  if (recording()) span_.set_outputs(std::move(value));
}

void FunctionSpan::record_current_exception() noexcept {
  if (recording()) span_.record_exception(std::current_exception());
}

SpanRecord* FunctionSpan::record() noexcept {
  return recording() ? SpanAccess::record(span_) : nullptr;
}

void record_exception(FunctionSpan& span) noexcept { span.record_current_exception(); }

}  // namespace detail
MLFLOW_END_NAMESPACE
