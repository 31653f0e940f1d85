// capture_entry_points.cpp: the captures the library makes for the plugin's generated code
// (library_capture in mlflow/detail/function_span.h), for the types most arguments and results
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

#include <string>
#include <utility>

#include "core/span_record.h"
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

// The JSON text of one value, by type.
void append_value(std::string& out, std::int64_t value) { append_integer(out, value); }
void append_value(std::string& out, std::uint64_t value) { append_integer(out, value); }
void append_value(std::string& out, int value) { append_value(out, std::int64_t{value}); }
// Floating point as json_text spells it (Python's repr, NaN and infinities as null); a float
// as the double capture() makes of it.
void append_value(std::string& out, double value) { append_json_text(out, nlohmann::json(value)); }
void append_value(std::string& out, float value) { append_value(out, static_cast<double>(value)); }
void append_value(std::string& out, std::string_view value) { append_json_string(out, value); }

template <class T>
void append_value(std::string& out, const std::vector<T>& values) {
  out.push_back('[');
  bool first = true;
  for (const auto& value : values) {
    if (!first) out.append(", ");
    first = false;
    append_value(out, value);
  }
  out.push_back(']');
}

template <class T>
void append_value(std::string& out, const std::map<std::string, T>& values) {
  out.push_back('{');
  bool first = true;
  for (const auto& [key, value] : values) {  // std::map: sorted, as a JSON object keeps them
    if (!first) out.append(", ");
    first = false;
    append_json_string(out, key);
    out.append(": ");
    append_value(out, value);
  }
  out.push_back('}');
}

// A container captured by the library: its text, element by element.
template <class Container>
void capture_container(FunctionSpan& span, CaptureTarget target, const char* name,
                       value_t type, const Container& value) noexcept {
  deliver(span, target, name, type, [&](std::string& out) { append_value(out, value); });
}

}  // namespace

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     bool value) noexcept {
  deliver(span, target, name, value_t::boolean,
          [&](std::string& out) { out.append(value ? "true" : "false"); });
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::int64_t value) noexcept {
  deliver(span, target, name, value_t::number_integer,
          [&](std::string& out) { append_value(out, value); });
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::uint64_t value) noexcept {
  deliver(span, target, name, value_t::number_unsigned,
          [&](std::string& out) { append_value(out, value); });
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     double value) noexcept {
  deliver(span, target, name, value_t::number_float,
          [&](std::string& out) { append_value(out, value); });
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::string_view value) noexcept {
  deliver(span, target, name, value_t::string, [&](std::string& out) { append_value(out, value); });
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
    const nlohmann::json value = parse_json_value(json);
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
