// capture_entry_points.cpp: the captures the library makes for the plugin's generated code
// (library_capture in mlflow/detail/library_capture.h), for the types most arguments and results
// have, and the JSON ::mlflow::capture() made of any other type (one place decides where a
// captured value goes). Compiled once here instead of in every traced translation unit.
//
// They write the value's JSON text straight into the span's record (recorded_json.h): no
// nlohmann tree is built for them on the traced thread. The text is exactly what
// append_json_text(::mlflow::capture(value)) writes for the caller's value
// (capture_entry_points_test.cpp holds them to it): integers in decimal, floating point as
// json_text.h spells it, strings quoted and escaped with invalid UTF-8 replaced, containers
// element by element in their own order.
#include <mlflow/detail/function_span.h>

#include <algorithm>
#include <string>
#include <utility>

#include "core/span_record.h"
#include "core/value_limits.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

using value_t = nlohmann::json::value_t;

// Where the value's text goes: a member of the inputs, an element of a pack's list, or the
// output. `write(std::string&)` appends the value's JSON text.
template <class Write>
void deliver(FunctionSpan& span, CaptureTarget target, const char* name, value_t type,
             Write&& write) noexcept {
  SpanRecord* record = span.record();
  if (record == nullptr) return;
  try {
    switch (target) {
      case CaptureTarget::kInput:
        write(record->inputs.object_member(name));
        break;
      case CaptureTarget::kPackInput:
        write(record->inputs.list_element(name));
        break;
      case CaptureTarget::kOutput:
        write(record->outputs.value_text(type));
        record->has_outputs = true;
        break;
    }
  } catch (...) {  // out of memory: this value is lost (its text cut short), the program goes on
  }
}

// The JSON text of one value, by type, within the limits on recorded values
// (core/value_limits.h): a string or container is cut here, before any copy of it is made.
void append_value(std::string& out, const JsonLimits&, std::int64_t value) {
  append_integer(out, value);
}
void append_value(std::string& out, const JsonLimits&, std::uint64_t value) {
  append_integer(out, value);
}
void append_value(std::string& out, const JsonLimits& limits, int value) {
  append_value(out, limits, std::int64_t{value});
}
// Floating point as json_text spells it (Python's repr, NaN and infinities as null); a float
// as the double capture() makes of it.
void append_value(std::string& out, const JsonLimits&, double value) {
  append_json_text(out, nlohmann::json(value));
}
void append_value(std::string& out, const JsonLimits& limits, float value) {
  append_value(out, limits, static_cast<double>(value));
}
void append_value(std::string& out, const JsonLimits& limits, std::string_view value) {
  if (value.size() <= limits.max_string_bytes) {
    append_json_string(out, value);
  } else {
    append_json_string(out, truncate_text(value, limits.max_string_bytes));
  }
}

template <class T>
void append_value(std::string& out, const JsonLimits& limits, const std::vector<T>& values) {
  out.push_back('[');
  const std::size_t count = std::min(values.size(), limits.max_items);
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) out.append(", ");
    append_value(out, limits, values[i]);
  }
  if (values.size() > count) {
    out.append(", ");
    append_json_string(out, items_marker(values.size()));
  }
  out.push_back(']');
}

template <class T>
void append_value(std::string& out, const JsonLimits& limits,
                  const std::map<std::string, T>& values) {
  out.push_back('{');
  // The first max_items members, and the member "..." that says how many there were, written
  // where a JSON object (sorted by key, as std::map is) has it: as limit_json cuts an object.
  const bool cut = values.size() > limits.max_items;
  std::size_t written = 0;
  auto write_marker = [&] {
    if (written++ != 0) out.append(", ");
    append_json_string(out, "...");
    out.append(": ");
    append_json_string(out, members_marker(values.size()));
  };
  bool marker_written = !cut;
  std::size_t kept = 0;
  for (const auto& [key, value] : values) {
    if (kept == limits.max_items) break;
    if (!marker_written && key >= "...") {
      write_marker();
      marker_written = true;
      if (key == "...") {  // replaced by the marker, as limit_json replaces it
        ++kept;
        continue;
      }
    }
    if (written++ != 0) out.append(", ");
    append_json_string(out, key);  // keys are not cut (nor by limit_json)
    out.append(": ");
    append_value(out, limits, value);
    ++kept;
  }
  if (!marker_written) write_marker();
  out.push_back('}');
}

// A container captured by the library: its text, element by element.
template <class Container>
void capture_container(FunctionSpan& span, CaptureTarget target, const char* name,
                       value_t type, const Container& value) noexcept {
  deliver(span, target, name, type, [&](std::string& out) {
    append_value(out, recorded_value_limits(), value);
  });
}

// A scalar captured by the library.
template <class T>
void capture_scalar(FunctionSpan& span, CaptureTarget target, const char* name, value_t type,
                    T value) noexcept {
  deliver(span, target, name, type, [&](std::string& out) {
    append_value(out, recorded_value_limits(), value);
  });
}

}  // namespace

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     bool value) noexcept {
  deliver(span, target, name, value_t::boolean,
          [&](std::string& out) { out.append(value ? "true" : "false"); });
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::int64_t value) noexcept {
  capture_scalar(span, target, name, value_t::number_integer, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::uint64_t value) noexcept {
  capture_scalar(span, target, name, value_t::number_unsigned, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     double value) noexcept {
  capture_scalar(span, target, name, value_t::number_float, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::string_view value) noexcept {
  capture_scalar(span, target, name, value_t::string, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<std::string>& value) noexcept {
  capture_container(span, target, name, value_t::array, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<int>& value) noexcept {
  capture_container(span, target, name, value_t::array, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<float>& value) noexcept {
  capture_container(span, target, name, value_t::array, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<double>& value) noexcept {
  capture_container(span, target, name, value_t::array, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::map<std::string, std::string>& value) noexcept {
  capture_container(span, target, name, value_t::object, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::map<std::string, int>& value) noexcept {
  capture_container(span, target, name, value_t::object, value);
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::map<std::string, double>& value) noexcept {
  capture_container(span, target, name, value_t::object, value);
}

// The caller's nlohmann/json wrote the text (compact); it is read back here with the runtime's
// own and written in MLflow's spelling, so it reads exactly as if captured here.
void library_capture_json(FunctionSpan& span, CaptureTarget target, const char* name,
                          std::string_view json) noexcept {
  if (span.record() == nullptr || json.empty()) return;
  try {
    nlohmann::json value = parse_json_value(json);
    limit_json(value, recorded_value_limits());
    deliver(span, target, name, value.type(),
            [&](std::string& out) { append_json_text(out, value); });
  } catch (...) {  // out of memory: this value is lost, the program goes on
  }
}

std::string json_string_text(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string json_number_text(double value) { return to_json_text(nlohmann::json(value)); }


void library_capture_c_string(FunctionSpan& span, CaptureTarget target, const char* name,
                              const char* value) noexcept {
  if (value == nullptr) {
    deliver(span, target, name, value_t::null, [](std::string& out) { out.append("null"); });
    return;
  }
  library_capture(span, target, name, std::string_view(value));
}

}  // namespace detail
MLFLOW_END_NAMESPACE
