// function_span.cpp: the runtime side of the plugin's generated code (mlflow/detail/function_span.h).
#include <mlflow/detail/autolog.h>
#include <mlflow/detail/function_span.h>
#include <mlflow/span.h>

#include <exception>
#include <new>
#include <utility>

#include "core/llm_span_end.h"
#include "core/span_record.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

namespace {
// How many captures are running on this thread. A span is never started while a value is being
// captured: the capture may run code that is traced itself (a user's to_json, a traced copy of
// nlohmann/json), whose spans would capture values in turn.
// (A plain __thread in the initial-exec model, as t_span_stack: one load in FunctionSpan::start.)
__thread unsigned t_capturing __attribute__((tls_model("initial-exec"))) = 0;

// The mlflow::Span in the prelude's storage (FunctionSpan::span_).
static_assert(sizeof(Span) <= 4 * sizeof(void*) && alignof(Span) <= alignof(void*),
              "FunctionSpan's storage (mlflow/detail/prelude.h) must hold a Span");
Span& span_in(unsigned char* storage) noexcept {
  return *std::launder(reinterpret_cast<Span*>(storage));
}
}  // namespace

CaptureScope::CaptureScope() noexcept { ++t_capturing; }
CaptureScope::~CaptureScope() { --t_capturing; }

void FunctionSpan::start(const FunctionSite& site) noexcept {
  if (t_capturing != 0) return;  // state_ stays 0: no span
  // A function traced by an autolog rule follows the "rules" switch (mlflow::autolog).
  if (site.llm_format != nullptr && !autolog::enabled(autolog::Integration::kRules)) return;
  site_ = &site;
  Span& span = *new (span_) Span();
  SpanAccess::start_into(span, site.name, site.span_type);
  state_ = kStarted;
  SpanRecord* record = SpanAccess::record(span);
  if (record == nullptr) return;
  state_ = kStarted | kRecording;
  // As MLflow's decorator: inputs are always recorded, {} for a function without parameters
  // (SpanRecord::recorded_inputs). Where the function comes from: string literals, not copied.
  record->has_inputs = true;
  record->code = CodeLocation{site.function_name, site.qualified_name, site.file, site.line};
}

LlmSpanEnd g_llm_span_end = nullptr;

void FunctionSpan::finish() noexcept {
  if ((state_ & kRecording) != 0 && site_->llm_format != nullptr && g_llm_span_end != nullptr)
    if (SpanRecord* record = SpanAccess::record(span_in(span_))) g_llm_span_end(*record, site_->llm_format);
  state_ = 0;
  span_in(span_).~Span();  // ends the span
}

// Called by the handler whatever the span's state.
void FunctionSpan::record_current_exception() noexcept {
  if (recording()) span_in(span_).record_exception(std::current_exception());
}

SpanRecord* FunctionSpan::record() noexcept {
  return recording() ? SpanAccess::record(span_in(span_)) : nullptr;
}

void record_exception(FunctionSpan& span) noexcept { span.record_current_exception(); }

void FunctionSpan::record_unwinding_exception() noexcept {
  if (!recording()) return;
  Span& span = span_in(span_);
  span.add_event_json("exception",
                      "{\"exception.type\":\"unknown\",\"exception.message\":\"an exception "
                      "left the function (compiled with exceptions=guard, which keeps the throw "
                      "site on the stack and cannot read the exception)\"}");
  span.set_status(SpanStatusCode::ERROR, "an exception left the function");
}

void record_empty_pack(FunctionSpan& span, const char* name) noexcept {
  SpanRecord* record = span.record();
  if (record == nullptr) return;
  try {
    record->inputs.object_member(name).append("[]");
  } catch (...) {  // out of memory: the input is lost, the program goes on
  }
}

int exceptions_in_flight() noexcept { return std::uncaught_exceptions(); }

void record_if_unwinding(FunctionSpan& span, int in_flight_at_entry) noexcept {
  if (std::uncaught_exceptions() > in_flight_at_entry) span.record_unwinding_exception();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
