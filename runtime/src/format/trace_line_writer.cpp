// trace_line_writer.cpp: see trace_line_writer.h.
#include "format/trace_line_writer.h"

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "format/id_text.h"
#include "format/protobuf_time.h"
#include "format/span_fields.h"
#include "format/trace_info.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Sorts the members of an object by key, as nlohmann's objects (std::map: byte order) keep
// them, keeping equal keys in the order added (few members: insertion sort), then drops all but
// the last of equal keys: a later value for the same key replaces an earlier one. The first
// `sorted` members are in order already (the writer's own keys, added in order).
template <class Member>
void sort_members(std::vector<Member>& members, std::size_t sorted) {
  for (std::size_t i = sorted > 0 ? sorted : 1; i < members.size(); ++i) {
    Member member = members[i];
    std::size_t j = i;
    for (; j > 0 && member.key < members[j - 1].key; --j) members[j] = members[j - 1];
    members[j] = member;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i + 1 < members.size() && members[i + 1].key == members[i].key) continue;
    members[kept++] = members[i];
  }
  members.resize(kept);
}

// An object key, written as a JSON string (keys may come from users: escaped and checked).
void append_key(TextBuffer& out, std::string_view key) { append_json_string(out, key); }

// Whether `keys` are in byte order, as the writer's own keys must be added (sort_members).
constexpr bool in_order(std::initializer_list<std::string_view> keys) {
  for (auto it = keys.begin(); it + 1 < keys.end(); ++it)
    if (!(*it < *(it + 1))) return false;
  return true;
}

// The members of an object, sorted (sort_members: the first `sorted` are in order already), as
// `"key":value,...`; value(out, member) writes each value. The writer's own keys (`own_key`)
// need no escaping.
template <class Member, class Value>
void append_sorted_members(TextBuffer& out, std::vector<Member>& members, std::size_t sorted,
                           Value&& value) {
  sort_members(members, sorted);
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Member& member = members[i];
    if (i > 0) out += ',';
    if (member.own_key) {
      out += '"';
      out += member.key;
      out += '"';
    } else {
      append_key(out, member.key);
    }
    out += ':';
    value(out, member);
  }
}

}  // namespace

// --- The local store's line, written directly ------------------------------------------------
//
// What compact(trace_to_dict(trace)) gives (nlohmann's dump(-1) with invalid UTF-8 replaced:
// keys sorted, "," and ":"), without building the dict: no JSON tree per span or for the info,
// and no allocation once the writer's buffers have grown. Objects whose keys depend on the
// trace (span attributes, trace metadata, tags) are written by collecting their keys, sorting
// them, and then writing each value in place. Each piece below says which part of span_to_dict
// / trace_info_to_dict / derive_trace_info it mirrors; the tests compare the two byte for byte.

// The value of a span attribute, as span_to_dict sets it: JSON text, written as a JSON string.
void TraceLineWriter::append_attribute_value(TextBuffer& out, const SpanRecord& span,
                                             const Member& member) {
  switch (member.kind) {
    case Kind::kTraceRequestId:
      out += request_id_attribute_.view();
      return;
    case Kind::kSpanLogLevel:
      out += '"';
      append_integer(out, member.number);
      out += '"';
      return;
    case Kind::kInputs:
    case Kind::kOutputs: {
      text_.clear();
      (member.kind == Kind::kInputs ? span.recorded_inputs() : span.outputs).append_text(text_);
      const std::size_t start = out.size();
      append_json_string(out, text_);
      if (&span == root_) {
        WrittenText& written = root_values_[member.kind == Kind::kOutputs];
        written.text = text_;
        written.at = start;
        written.size = out.size() - start;
      }
      return;
    }
    default:
      break;
  }
  // JSON text as a JSON string: a string's escaped twice in one pass, a number's needs none.
  switch (member.kind) {
    case Kind::kString:
      append_json_string_in_json_string(out, member.string);
      return;
    case Kind::kNumber:
      out += '"';
      append_integer(out, member.number);
      out += '"';
      return;
    case Kind::kJson:
      if (member.json->is_string()) {
        append_json_string_in_json_string(out, member.json->get_ref<const std::string&>());
        return;
      }
      break;
    default:
      return;
  }
  value_.clear();
  append_json_text(value_, *member.json);
  append_json_string(out, value_.view());
}

void TraceLineWriter::append_span(TextBuffer& out, const SpanRecord& span) {
  // span_to_dict's attributes: the derived ones, then the span's own, which replace any of the
  // same key (it sets them in that order). The derived ones are added in key order, so that
  // only the span's own are sorted in.
  static_assert(in_order({"code.file.path", "code.function.name", "code.line.number",
                          "mlflow.spanFunctionName", "mlflow.spanInputs", "mlflow.spanLogLevel",
                          "mlflow.spanOutputs", "mlflow.spanType", "mlflow.traceRequestId"}));
  bool has_log_level = false;
  for (const auto& attribute : span.attributes)
    has_log_level = has_log_level || attribute.first == "mlflow.spanLogLevel";
  members_.clear();
  auto own = [&](std::string_view key, Kind kind) -> Member& {
    members_.push_back({key, kind});
    members_.back().own_key = true;
    return members_.back();
  };
  // for_each_code_attribute (left out where the span has its own), without a std::string key
  // and a json value per attribute.
  const bool function = span.code.function_name != nullptr;
  auto code_string = [&](const char* key, const char* value) {
    if (function && value != nullptr && span.find_attribute(key) == nullptr)
      own(key, Kind::kString).string = value;
  };
  code_string("code.file.path", span.code.file);
  code_string("code.function.name", span.code.qualified_name);
  if (function && span.code.line != 0 && span.find_attribute("code.line.number") == nullptr)
    own("code.line.number", Kind::kNumber).number = span.code.line;
  code_string("mlflow.spanFunctionName", span.code.function_name);
  if (span.has_inputs) own("mlflow.spanInputs", Kind::kInputs);
  if (!has_log_level) {
    // As MLflow's LiveSpan: the span type's default level, raised to ERROR by an exception
    // event. The value is the level's digits as a string.
    bool has_exception = false;
    for (const auto& event : span.events) has_exception = has_exception || event.name == "exception";
    own("mlflow.spanLogLevel", Kind::kSpanLogLevel).number =
        has_exception ? kLogLevelError : default_log_level(span.span_type);
  }
  if (span.has_outputs) own("mlflow.spanOutputs", Kind::kOutputs);
  own("mlflow.spanType", Kind::kString).string = span.span_type;
  own("mlflow.traceRequestId", Kind::kTraceRequestId);
  const std::size_t derived = members_.size();
  for (const auto& [key, value] : span.attributes) {
    Member member{key, Kind::kJson};
    member.json = &value;
    members_.push_back(member);
  }
  out += "{\"attributes\":{";
  append_sorted_members(out, members_, derived, [&](TextBuffer& o, const Member& member) {
    append_attribute_value(o, span, member);
  });
  out += "},\"end_time_unix_nano\":";
  append_integer(out, span.end_unix_nano);
  out += ",\"events\":[";
  for (std::size_t i = 0; i < span.events.size(); ++i) {
    const SpanEventRecord& event = span.events[i];
    if (i > 0) out += ',';
    out += "{\"attributes\":";
    append_compact_json(out, event.attributes);
    out += ",\"name\":";
    append_json_string(out, event.name);
    out += ",\"time_unix_nano\":";
    append_integer(out, event.time_unix_nano);
    out += '}';
  }
  // As MLflow's Link.to_dict(): {"attributes": {...} or null, "span_id", "trace_id": "tr-..."}.
  out += "],\"links\":[";
  for (std::size_t i = 0; i < span.links.size(); ++i) {
    const SpanLinkRecord& link = span.links[i];
    if (i > 0) out += ',';
    out += "{\"attributes\":";
    append_compact_json(out, link.attributes);
    out += ",\"span_id\":\"";
    append_hex_word(out, link.span_id);
    out += "\",\"trace_id\":\"tr-";
    append_hex_word(out, link.trace_id.high);
    append_hex_word(out, link.trace_id.low);
    out += "\"}";
  }
  out += "],\"name\":";
  append_json_string(out, span.name);
  out += ",\"parent_span_id\":";
  if (span.parent_span_id == 0) {
    out += "null";
  } else {
    append_quoted_base64_words(out, {span.parent_span_id});
  }
  out += ",\"span_id\":";
  append_quoted_base64_words(out, {span.span_id});
  out += ",\"start_time_unix_nano\":";
  append_integer(out, span.start_unix_nano);
  out += ",\"status\":{\"code\":\"";
  out += status_code_name(span.status);
  out += "\",\"message\":";
  append_json_string(out, span.status_message);
  out += "},\"trace_id\":";
  out += trace_id_base64_.view();
  out += '}';
}

// trace_info_to_dict(derive_trace_info(trace)), compact.
void TraceLineWriter::append_info(TextBuffer& out, const CompletedTrace& trace) {
  const SpanRecord& root = trace.root();
  const TraceAnnotations& notes = trace.annotations.get();

  out += '{';
  if (notes.client_request_id) {
    out += "\"client_request_id\":";
    append_json_string(out, *notes.client_request_id);
    out += ',';
  }
  out += "\"execution_duration_ms\":";
  append_integer(out, (root.end_unix_nano - root.start_unix_nano) / 1000000);
  text_.clear();
  if (append_trace_preview(text_, trace, false)) {
    out += ",\"request_preview\":";
    append_root_value_string(out, text_);
  }
  out += ",\"request_time\":";
  append_quoted_rfc3339_millis(out, root.start_unix_nano / 1000000);
  text_.clear();
  if (append_trace_preview(text_, trace, true)) {
    out += ",\"response_preview\":";
    append_root_value_string(out, text_);
  }
  out += trace.failed() ? ",\"state\":\"ERROR\"" : ",\"state\":\"OK\"";

  // tags: update_current_trace()'s, and mlflow.traceName (which always wins). Never empty.
  out += ",\"tags\":{";
  {
    static constexpr std::string_view kName = "mlflow.traceName";
    bool first = true;
    bool name_written = false;
    auto member = [&](std::string_view key, std::string_view value) {
      if (!first) out += ',';
      first = false;
      append_key(out, key);
      out += ':';
      append_json_string(out, value);
    };
    for (const auto& [key, value] : notes.tags) {
      if (!name_written && kName <= key) {
        member(kName, root.name);
        name_written = true;
        if (key == kName) continue;
      }
      member(key, value);
    }
    if (!name_written) member(kName, root.name);
  }
  out += "},\"trace_id\":\"tr-";
  out.append(trace_id_hex_, sizeof trace_id_hex_);
  out += "\",\"trace_location\":{\"mlflow_experiment\":{\"experiment_id\":";
  append_json_string(out, trace.experiment_id);
  out += "},\"type\":\"MLFLOW_EXPERIMENT\"}";

  // trace_metadata, as derive_trace_info merges the derived entries with update_current_trace()'s.
  // Never empty.
  members_.clear();
  auto add = [&](std::string_view key, std::string_view value, Kind kind = Kind::kString,
                 bool own_key = true) {
    Member member{key, kind};
    member.string = value;
    member.own_key = own_key;
    members_.push_back(member);
  };
  // Set first, in key order: what update_current_trace() set replaces them.
  static_assert(in_order({"mlflow.source.name", "mlflow.source.type", "mlflow.trace_schema.version",
                          "mlflow.user"}));
  if (!user_known_) {
    user_ = trace_user_name();
    user_known_ = true;
  }
  add("mlflow.source.name", trace_source_name());
  add("mlflow.source.type", "LOCAL");
  add("mlflow.trace_schema.version", "3");
  add("mlflow.user", user_);
  const std::size_t derived = members_.size();
  for (const auto& [key, value] : notes.metadata) add(key, value, Kind::kString, false);
  // Set last: they replace what update_current_trace() set.
  add("mlflow.traceInputs", {}, Kind::kInputs);
  add("mlflow.traceOutputs", {}, Kind::kOutputs);
  const nlohmann::json usage = aggregate_token_usage(trace);
  if (!usage.is_null()) add("mlflow.trace.tokenUsage", {}, Kind::kJson);
  out += ",\"trace_metadata\":{";
  append_sorted_members(out, members_, derived, [&](TextBuffer& o, const Member& member) {
    switch (member.kind) {
      case Kind::kInputs:
      case Kind::kOutputs:
        text_.clear();
        append_trace_io_metadata(text_, root, member.kind == Kind::kOutputs);
        append_root_value_string(o, text_);
        break;
      case Kind::kJson:
        text_.clear();
        append_json_text(text_, usage);
        append_json_string(o, text_);
        break;
      default:
        append_json_string(o, member.string);
    }
  });
  out += "}}";
}

// The previews and the metadata mlflow.traceInputs/traceOutputs are, most of the time, the
// root span's inputs or outputs as its attributes hold them (JSON text short enough, its
// members in order): their JSON string is then copied from where the root's attribute has it
// instead of escaped again (JSON text is dense in quotes, and escaping is most of the writing).
void TraceLineWriter::append_root_value_string(TextBuffer& out, std::string_view text) {
  for (const WrittenText& written : root_values_) {
    if (written.size == 0 || written.text != text) continue;
    char* const dst = out.room(written.size);  // may move the buffer: the source is found after
    std::memcpy(dst, out.data() + written.at, written.size);
    out.commit_to(dst + written.size);
    return;
  }
  append_json_string(out, text);
}

void TraceLineWriter::append_line(TextBuffer& out, const CompletedTrace& trace) {
  // Per trace: the pieces every span repeats.
  trace_id_base64_.clear();
  append_quoted_base64_words(trace_id_base64_, {trace.trace_id.high, trace.trace_id.low});
  request_id_attribute_.clear();
  append_hex_word(request_id_attribute_, trace.trace_id.high);
  append_hex_word(request_id_attribute_, trace.trace_id.low);
  std::memcpy(trace_id_hex_, request_id_attribute_.data(), sizeof trace_id_hex_);
  // mlflow.traceRequestId: the JSON text "\"tr-...\"" as a JSON string (hex needs no escaping).
  request_id_attribute_.clear();
  request_id_attribute_ += "\"\\\"tr-";
  request_id_attribute_.append(trace_id_hex_, sizeof trace_id_hex_);
  request_id_attribute_ += "\\\"\"";

  root_ = &trace.root();
  for (WrittenText& written : root_values_) written.size = 0;
  out += "{\"data\":{\"spans\":[";
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    if (i > 0) out += ',';
    append_span(out, *trace.spans[i]);
  }
  out += "]},\"info\":";
  append_info(out, trace);
  out += '}';
}

void TraceLineWriter::release_memory_above(std::size_t bytes) {
  if (text_.capacity() > bytes) std::string().swap(text_);
  for (WrittenText& written : root_values_)
    if (written.text.capacity() > bytes) std::string().swap(written.text);
  value_.release_memory_above(bytes);
}

std::string trace_to_json_line(const CompletedTrace& trace) {
  TextBuffer out;
  TraceLineWriter().append_line(out, trace);
  return std::string(out.view());
}

}  // namespace detail
MLFLOW_END_NAMESPACE
