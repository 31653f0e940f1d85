// span_processing_exporter.cpp: see span_processing_exporter.h; also mlflow::tracing::configure
// and ProcessedSpan (mlflow/tracing.h), the processors' view of a span record.
#include "export/span_processing_exporter.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <utility>

#include "core/completed_trace.h"
#include "core/recorded_json.h"
#include "core/span_record.h"
#include "support/diagnostics.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

using Processors = std::vector<tracing::SpanProcessor>;

// The processors of the moment. `any` lets a batch skip the lock when there are none (the usual
// case).
struct Current {
  std::mutex mutex;
  std::shared_ptr<const Processors> processors;  // guarded by mutex
  std::atomic<bool> any{false};
};

Current& current() {
  static Current* const instance = new Current();  // never destroyed: used at exit
  return *instance;
}

std::shared_ptr<const Processors> current_processors() {
  Current& c = current();
  if (!c.any.load(std::memory_order_acquire)) return nullptr;
  std::lock_guard<std::mutex> lock(c.mutex);
  return c.processors;
}

// Text that is not valid JSON is kept as a JSON string (as SpanRef's setters keep it).
nlohmann::json value_of(std::string_view json) { return parse_json_value(json); }

}  // namespace

void process_spans(CompletedTrace& trace) noexcept {
  std::shared_ptr<const Processors> processors = current_processors();
  if (!processors) return;
  for (auto& span : trace.spans) {
    for (const auto& processor : *processors) {
      try {
        tracing::ProcessedSpan view(*span, trace);
        processor(view);
      } catch (const std::exception& e) {
        warn_once("span-processor", std::string("a span processor threw (") + e.what() +
                                        "); its span is exported as it was left (reported once)");
      } catch (...) {
        warn_once("span-processor", "a span processor threw; its span is exported as it was "
                                    "left (reported once)");
      }
    }
  }
}

}  // namespace detail

namespace tracing {

namespace {
// Puts `next` in place and returns what was there.
std::shared_ptr<const detail::Processors> swap_processors(
    std::shared_ptr<const detail::Processors> next) noexcept {
  detail::Current& c = detail::current();
  std::lock_guard<std::mutex> lock(c.mutex);
  c.any.store(next != nullptr, std::memory_order_release);
  return std::exchange(c.processors, std::move(next));
}

std::shared_ptr<const detail::Processors> processors_of(const TracingConfig& config) {
  if (config.span_processors.empty()) return nullptr;
  return std::make_shared<const detail::Processors>(config.span_processors);
}
}  // namespace

void configure(const TracingConfig& config) noexcept {
  try {
    swap_processors(processors_of(config));
  } catch (...) {
    detail::warn("tracing::configure: out of memory; the span processors are unchanged");
  }
}

ConfigureScope configure_scope(const TracingConfig& config) noexcept {
  try {
    return ConfigureScope(swap_processors(processors_of(config)), true);
  } catch (...) {
    detail::warn("tracing::configure_scope: out of memory; the span processors are unchanged");
    return ConfigureScope(nullptr, false);
  }
}

ConfigureScope::~ConfigureScope() {
  if (active_)
    swap_processors(std::static_pointer_cast<const detail::Processors>(std::move(previous_)));
}

std::string ProcessedSpan::name() const { return record_->name.str(); }
std::string ProcessedSpan::span_type() const { return record_->span_type; }
std::string ProcessedSpan::trace_id() const { return detail::mlflow_trace_id(trace_->trace_id); }
std::string ProcessedSpan::span_id() const { return detail::to_hex(record_->span_id); }

std::string ProcessedSpan::inputs_json() const {
  return record_->has_inputs || record_->code.function_name != nullptr
             ? record_->recorded_inputs().text()
             : std::string();
}

std::string ProcessedSpan::outputs_json() const {
  return record_->has_outputs ? record_->outputs.text() : std::string();
}

std::optional<std::string> ProcessedSpan::attribute_json(std::string_view key) const {
  const nlohmann::json* value = record_->find_attribute(key);
  if (value == nullptr) return std::nullopt;
  return detail::to_json_text(*value);
}

std::vector<std::string> ProcessedSpan::attribute_keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, value] : record_->attributes) keys.push_back(key);
  return keys;
}

void ProcessedSpan::set_name(std::string_view name) noexcept {
  try {
    record_->name = name;
  } catch (...) {
  }
}

void ProcessedSpan::set_inputs_json(std::string_view json) noexcept {
  try {
    record_->inputs = detail::value_of(json);
    record_->has_inputs = true;
  } catch (...) {
  }
}

void ProcessedSpan::set_outputs_json(std::string_view json) noexcept {
  try {
    record_->outputs = detail::value_of(json);
    record_->has_outputs = true;
  } catch (...) {
  }
}

void ProcessedSpan::set_attribute_json(std::string_view key, std::string_view json) noexcept {
  try {
    record_->set_attribute(key, detail::value_of(json));
  } catch (...) {
  }
}

void ProcessedSpan::remove_attribute(std::string_view key) noexcept {
  auto& attributes = record_->attributes;
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].first == key) {
      attributes.erase(i);
      return;
    }
  }
}

}  // namespace tracing
MLFLOW_END_NAMESPACE
