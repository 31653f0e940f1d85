// function_span.cpp: the runtime side of the plugin's generated code (mlflow/detail/function_span.h).
#include <mlflow/detail/function_span.h>

#include <exception>
#include <utility>

#include "json_text.h"
#include "span_record.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void FunctionSpan::start(const char* name, const char* span_type, const char* function_name,
                         const char* qualified_name, const char* file, unsigned line) noexcept {
  span_ = SpanAccess::start(name, span_type);
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  // As MLflow's decorator: inputs are always recorded, {} for a function without parameters
  // (SpanRecord::recorded_inputs). Where the function comes from: string literals, not copied.
  record->has_inputs = true;
  record->code = CodeLocation{function_name, qualified_name, file, line};
}

void FunctionSpan::add_input(const char* name, nlohmann::json value) noexcept {
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  try {
    // Written as text now: no tree to allocate here and free later (recorded_json.h).
    append_json_text(record->inputs.object_member(name), value);
  } catch (...) {  // out of memory: this input is lost, the program goes on
  }
}

void FunctionSpan::add_pack_input(const char* name, nlohmann::json value) noexcept {
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  try {
    append_json_text(record->inputs.list_element(name), value);
  } catch (...) {
  }
}

void FunctionSpan::set_output(nlohmann::json value) noexcept { span_.set_outputs(std::move(value)); }

void FunctionSpan::record_current_exception() noexcept {
  span_.record_exception(std::current_exception());
}

void record_exception(FunctionSpan& span) noexcept { span.record_current_exception(); }

}  // namespace detail
MLFLOW_END_NAMESPACE
