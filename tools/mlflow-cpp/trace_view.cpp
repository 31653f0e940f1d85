// trace_view.cpp: see trace_view.h. Every access checks the type first: nlohmann's typed
// accessors throw on a mismatch, and a mismatch here is a stored line we must still show.
#include "trace_view.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_set>

#include "json_glimpse.h"

namespace mlflow::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kStatusCodePrefix = "STATUS_CODE_";

const json* member(const json* object, const char* key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

std::optional<std::string> string_member(const json* object, const char* key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

// Non-string values where text is expected are shown as JSON; a glimpse, as they could be huge.
constexpr std::size_t kMaxOddValueChars = 200;

// A string as it is, anything else (a number, an object) as JSON; null and missing are unknown.
std::optional<std::string> text_member(const json* object, const char* key) {
  const json* value = member(object, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  return json_glimpse(*value, kMaxOddValueChars);
}

// Integers as MLflow writes them; also the decimal strings of protobuf's JSON mapping (how
// OTLP writes 64-bit integers) and whole floats, so another writer's numbers still read.
std::optional<std::int64_t> integer(const json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) {
    const auto n = value->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(n);
  }
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (value->is_number_float()) {
    const double d = value->get<double>();
    // 2^63 is exactly representable; anything at or beyond it does not fit.
    if (!std::isfinite(d) || std::fabs(d) >= 9223372036854775808.0) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    std::int64_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
      return std::nullopt;
    }
    return n;
  }
  return std::nullopt;
}

// Span and parent ids are base64 strings; an id of another type still links spans as text.
std::string id_text(const json* value) {
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  return json_glimpse(*value, kMaxOddValueChars);
}

std::optional<std::string> span_type(const json* attributes) {
  const json* value = member(attributes, "mlflow.spanType");
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) {
    // Normally "\"TOOL\"": decode it. Plain text (TOOL) is taken as the type itself.
    const auto decoded = json::parse(value->get_ref<const std::string&>(), nullptr,
                                     /*allow_exceptions=*/false);
    if (decoded.is_string()) return decoded.get<std::string>();
    if (decoded.is_discarded()) return value->get<std::string>();
    if (decoded.is_null()) return std::nullopt;
    return json_glimpse(decoded, kMaxOddValueChars);
  }
  return json_glimpse(*value, kMaxOddValueChars);
}

void read_status(const json* status, SpanView& span) {
  if (status == nullptr) return;
  if (status->is_object()) {
    span.status = string_member(status, "code");
    span.status_message = string_member(status, "message").value_or("");
  } else if (status->is_string()) {
    span.status = status->get<std::string>();  // a bare code
  }
  // MLflow 3 writes the protobuf enum names (STATUS_CODE_OK); older versions wrote "OK".
  if (span.status && std::string_view(*span.status).substr(0, kStatusCodePrefix.size()) ==
                         kStatusCodePrefix) {
    span.status->erase(0, kStatusCodePrefix.size());
  }
}

void read_exceptions(const json* events, SpanView& span) {
  if (events == nullptr || !events->is_array()) return;
  for (const json& event : *events) {
    if (string_member(&event, "name") != "exception") continue;
    const json* attributes = member(&event, "attributes");
    span.exceptions.push_back({text_member(attributes, "exception.type"),
                               text_member(attributes, "exception.message")});
  }
}

SpanView view_span(const json& span) {
  SpanView view;
  view.id = id_text(member(&span, "span_id"));
  view.parent_id = id_text(member(&span, "parent_span_id"));
  view.name = string_member(&span, "name");
  view.start_ns = integer(member(&span, "start_time_unix_nano"));
  view.end_ns = integer(member(&span, "end_time_unix_nano"));
  read_status(member(&span, "status"), view);
  const json* attributes = member(&span, "attributes");
  view.type = span_type(attributes);
  view.inputs = member(attributes, "mlflow.spanInputs");
  view.outputs = member(attributes, "mlflow.spanOutputs");
  read_exceptions(member(&span, "events"), view);
  return view;
}

// The name of the root span that started first. A root is a span whose parent is not in the
// trace (none, unknown, or itself), as the tree shows it (tree_render.cpp).
std::optional<std::string> root_span_name(const std::vector<SpanView>& spans) {
  std::unordered_set<std::string_view> ids;
  for (const auto& span : spans) {
    if (!span.id.empty()) ids.insert(span.id);
  }
  constexpr auto kLast = std::numeric_limits<std::int64_t>::max();
  const SpanView* root = nullptr;
  for (const auto& span : spans) {
    const bool has_parent = !span.parent_id.empty() && span.parent_id != span.id &&
                            ids.count(span.parent_id) > 0;
    if (has_parent) continue;
    if (root == nullptr || span.start_ns.value_or(kLast) < root->start_ns.value_or(kLast)) {
      root = &span;
    }
  }
  return root == nullptr ? std::nullopt : root->name;
}

}  // namespace

std::optional<std::int64_t> SpanView::duration_ns() const {
  if (!start_ns || !end_ns || *end_ns < *start_ns) return std::nullopt;
  return *end_ns - *start_ns;
}

TraceView view_trace(const json& trace) {
  TraceView view;
  const json* info = member(&trace, "info");
  // MLflow 2 (trace schema v2) named these request_id, status and execution_time_ms.
  view.trace_id = string_member(info, "trace_id");
  if (!view.trace_id) view.trace_id = string_member(info, "request_id");
  view.state = string_member(info, "state");
  if (!view.state) view.state = string_member(info, "status");
  view.duration_ms = integer(member(info, "execution_duration_ms"));
  if (!view.duration_ms) view.duration_ms = integer(member(info, "execution_time_ms"));
  view.request_time = string_member(info, "request_time");

  const json* spans = member(member(&trace, "data"), "spans");
  if (spans != nullptr && spans->is_array()) {
    view.spans.reserve(spans->size());
    for (const json& span : *spans) view.spans.push_back(view_span(span));
  }

  view.name = string_member(member(info, "tags"), "mlflow.traceName");
  if (!view.name) view.name = root_span_name(view.spans);
  return view;
}

std::string attribute_glimpse(const json& stored, std::size_t max_chars) {
  if (stored.is_string()) {
    // Parsed keeping the key order the writer chose; nlohmann's parser is iterative, so deep
    // nesting is no danger here (nor in json_glimpse).
    const auto decoded = nlohmann::ordered_json::parse(stored.get_ref<const std::string&>(),
                                                       nullptr, /*allow_exceptions=*/false);
    if (!decoded.is_discarded()) return json_glimpse(decoded, max_chars);
  }
  return json_glimpse(stored, max_chars);
}

}  // namespace mlflow::cli
