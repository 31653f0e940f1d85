// function_span.cpp: the runtime side of the plugin's generated code (mlflow/detail/function_span.h).
#include <mlflow/detail/function_span.h>

#include <exception>
#include <utility>

#include "span_record.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void FunctionSpan::start(const char* name, const char* span_type, const char* function_name,
                         const char* qualified_name, const char* file, unsigned line) noexcept {
  span_ = SpanAccess::start(name, span_type);
  if (!span_.is_recording()) return;
  // As MLflow's decorator: inputs are always recorded, {} for a function without parameters.
  span_.set_inputs(nlohmann::json::object());
  span_.set_attribute("mlflow.spanFunctionName", function_name);  // as Python's fn.__name__
  // OpenTelemetry's code attributes: where the span comes from.
  span_.set_attribute("code.function.name", qualified_name);
  span_.set_attribute("code.file.path", file);
  span_.set_attribute("code.line.number", line);
}

void FunctionSpan::add_input(const char* name, nlohmann::json value) noexcept {
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  try {
    record->inputs[name] = std::move(value);
  } catch (...) {  // out of memory: this input is lost, the program goes on
  }
}

void FunctionSpan::add_pack_input(const char* name, nlohmann::json value) noexcept {
  SpanRecord* record = SpanAccess::record(span_);
  if (record == nullptr) return;
  try {
    nlohmann::json& list = record->inputs[name];
    if (!list.is_array()) list = nlohmann::json::array();
    list.push_back(std::move(value));
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
