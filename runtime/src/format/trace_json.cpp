// trace_json.cpp: see trace_json.h.
#include "format/trace_json.h"

#include <charconv>
#include <cstdio>
#include <ctime>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "support/base64.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// MLflow's SpanLogLevel values.
constexpr int kLogLevelDebug = 10;
constexpr int kLogLevelInfo = 20;
constexpr int kLogLevelError = 40;

// MLflow's default_log_level_for_span_type (custom span types are DEBUG).
int default_log_level(std::string_view span_type) {
#define MLFLOW_SPAN_TYPE(NAME, LEVEL) \
  if (span_type == #NAME) return std::string_view(#LEVEL) == "INFO" ? kLogLevelInfo : kLogLevelDebug;
#include <mlflow/span_types.def>
  return kLogLevelDebug;
}

const char* status_code_name(SpanStatusCode code) {
  switch (code) {
    case SpanStatusCode::OK:
      return "STATUS_CODE_OK";
    case SpanStatusCode::ERROR:
      return "STATUS_CODE_ERROR";
    case SpanStatusCode::UNSET:
      break;
  }
  return "STATUS_CODE_UNSET";
}

SpanStatusCode status_code_from_name(std::string_view name) {
  if (name == "STATUS_CODE_OK" || name == "OK") return SpanStatusCode::OK;
  if (name == "STATUS_CODE_ERROR" || name == "ERROR") return SpanStatusCode::ERROR;
  return SpanStatusCode::UNSET;
}

std::uint64_t big_endian(std::string_view bytes) {
  std::uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

// An id written by span_to_dict: base64 of `size` big-endian bytes.
std::string id_bytes(const nlohmann::json& value, std::size_t size, const char* what) {
  std::optional<std::string> bytes;
  if (value.is_string()) bytes = base64_decode(value.get<std::string>());
  if (!bytes || bytes->size() != size)
    throw std::runtime_error(std::string("malformed ") + what + ": " + value.dump());
  return *bytes;
}

}  // namespace

std::string rfc3339_millis(std::int64_t unix_millis) {
  std::time_t seconds = static_cast<std::time_t>(unix_millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(unix_millis % 1000));
  return buffer;
}

nlohmann::json span_to_dict(const SpanRecord& span, const TraceId& trace_id) {
  nlohmann::json attributes = nlohmann::json::object();
  attributes["mlflow.traceRequestId"] = to_json_text(mlflow_trace_id(trace_id));
  attributes["mlflow.spanType"] = to_json_text(span.span_type);
  if (span.has_inputs) attributes["mlflow.spanInputs"] = span.recorded_inputs().text();
  for_each_code_attribute(span, [&](const std::string& key, const nlohmann::json& value) {
    attributes[key] = to_json_text(value);
  });
  if (span.has_outputs) attributes["mlflow.spanOutputs"] = span.outputs.text();
  for (const auto& [key, value] : span.attributes) attributes[key] = to_json_text(value);

  nlohmann::json events = nlohmann::json::array();
  bool has_exception = false;
  for (const auto& event : span.events) {
    has_exception = has_exception || event.name == "exception";
    events.push_back({{"name", event.name},
                      {"time_unix_nano", event.time_unix_nano},
                      {"attributes", event.attributes}});
  }
  // As MLflow's LiveSpan: the span type's default level, raised to ERROR by an exception event,
  // unless the level was set explicitly.
  if (!attributes.contains("mlflow.spanLogLevel")) {
    int level = has_exception ? kLogLevelError : default_log_level(span.span_type);
    attributes["mlflow.spanLogLevel"] = std::to_string(level);
  }

  return {
      {"trace_id", to_base64(trace_id)},
      {"span_id", to_base64(span.span_id)},
      {"parent_span_id",
       span.parent_span_id == 0 ? nlohmann::json() : nlohmann::json(to_base64(span.parent_span_id))},
      {"name", span.name.str()},
      {"start_time_unix_nano", span.start_unix_nano},
      {"end_time_unix_nano", span.end_unix_nano},
      {"events", std::move(events)},
      {"status", {{"code", status_code_name(span.status)}, {"message", span.status_message}}},
      {"attributes", std::move(attributes)},
      {"links", nlohmann::json::array()},
  };
}

nlohmann::json trace_info_to_dict(const TraceInfo& info) {
  nlohmann::json dict = {
      {"trace_id", info.trace_id},
      {"trace_location",
       {{"type", "MLFLOW_EXPERIMENT"},
        {"mlflow_experiment", {{"experiment_id", info.experiment_id}}}}},
      {"request_time", rfc3339_millis(info.request_time_ms)},
      {"state", info.state},
      {"execution_duration_ms", info.execution_duration_ms},
  };
  // MessageToDict leaves out unset and empty fields.
  if (info.client_request_id) dict["client_request_id"] = *info.client_request_id;
  if (info.request_preview) dict["request_preview"] = *info.request_preview;
  if (info.response_preview) dict["response_preview"] = *info.response_preview;
  if (!info.trace_metadata.empty()) dict["trace_metadata"] = info.trace_metadata;
  if (!info.tags.empty()) dict["tags"] = info.tags;
  return dict;
}

nlohmann::json trace_to_dict(const CompletedTrace& trace) {
  nlohmann::json spans = nlohmann::json::array();
  for (const auto& span : trace.spans) spans.push_back(span_to_dict(*span, trace.trace_id));
  return {{"info", trace_info_to_dict(derive_trace_info(trace))},
          {"data", {{"spans", std::move(spans)}}}};
}

std::unique_ptr<CompletedTrace> completed_trace_from_dict(const nlohmann::json& trace_dict) {
  const nlohmann::json* spans = nullptr;
  if (trace_dict.is_object() && trace_dict.contains("data") && trace_dict["data"].is_object())
    if (auto it = trace_dict["data"].find("spans"); it != trace_dict["data"].end() && it->is_array())
      spans = &*it;
  if (spans == nullptr || spans->empty()) throw std::runtime_error("the trace has no spans");
  auto trace = std::make_unique<CompletedTrace>();
  const std::string trace_bytes = id_bytes((*spans)[0].value("trace_id", nlohmann::json()), 16, "trace_id");
  trace->trace_id = TraceId{big_endian(std::string_view(trace_bytes).substr(0, 8)),
                            big_endian(std::string_view(trace_bytes).substr(8))};
  for (const auto& dict : *spans) {
    if (!dict.is_object()) throw std::runtime_error("a span is not an object");
    auto span = std::make_unique<SpanRecord>();
    span->span_id = big_endian(id_bytes(dict.value("span_id", nlohmann::json()), 8, "span_id"));
    const nlohmann::json parent = dict.value("parent_span_id", nlohmann::json());
    if (parent.is_string() && !parent.get<std::string>().empty())
      span->parent_span_id = big_endian(id_bytes(parent, 8, "parent_span_id"));
    span->name = dict.value("name", "");
    span->start_unix_nano = dict.value("start_time_unix_nano", std::int64_t{0});
    span->end_unix_nano = dict.value("end_time_unix_nano", std::int64_t{0});
    if (auto status = dict.find("status"); status != dict.end() && status->is_object()) {
      span->status = status_code_from_name(status->value("code", ""));
      span->status_message = status->value("message", "");
    }
    if (auto attributes = dict.find("attributes"); attributes != dict.end() && attributes->is_object()) {
      for (const auto& [key, text] : attributes->items()) {
        // Every value is JSON text; one that is not is kept as the plain string it is.
        nlohmann::json value = text.is_string()
                                   ? nlohmann::json::parse(text.get<std::string>(), nullptr, false)
                                   : text;
        if (value.is_discarded()) value = text;
        if (key == "mlflow.traceRequestId") continue;
        if (key == "mlflow.spanType") {
          span->span_type = value.is_string() ? value.get<std::string>() : value.dump();
        } else if (key == "mlflow.spanInputs") {
          span->has_inputs = true;
          span->inputs = std::move(value);
        } else if (key == "mlflow.spanOutputs") {
          span->has_outputs = true;
          span->outputs = std::move(value);
        } else {
          span->attributes.emplace_back(key, std::move(value));
        }
      }
    }
    if (auto events = dict.find("events"); events != dict.end() && events->is_array()) {
      for (const auto& event : *events) {
        if (!event.is_object()) continue;
        SpanEventRecord record;
        record.name = event.value("name", "");
        record.time_unix_nano = event.value("time_unix_nano", std::int64_t{0});
        if (auto a = event.find("attributes"); a != event.end() && a->is_object()) record.attributes = *a;
        span->events.push_back(std::move(record));
      }
    }
    span->ended.store(true, std::memory_order_relaxed);
    trace->spans.push_back(std::move(span));
  }
  return trace;
}

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_hex(TextBuffer& out, std::uint64_t v) {
  char* const p = out.room(16);
  for (int i = 0; i < 16; ++i) p[i] = kHexDigits[(v >> (60 - 4 * i)) & 0xf];
  out.commit_to(p + 16);
}

// `"` + base64 of the big-endian bytes of `words` + `"`, as to_base64 spells ids.
void append_quoted_base64(TextBuffer& out, std::initializer_list<std::uint64_t> words) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  unsigned char bytes[16];
  std::size_t n = 0;
  for (std::uint64_t word : words)
    for (int shift = 56; shift >= 0; shift -= 8) bytes[n++] = static_cast<unsigned char>(word >> shift);
  char* const text = out.room(2 + 24);
  std::size_t length = 0;
  text[length++] = '"';
  for (std::size_t i = 0; i < n; i += 3) {
    std::uint32_t chunk = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (i + 1 < n) chunk |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    if (i + 2 < n) chunk |= bytes[i + 2];
    text[length++] = kAlphabet[(chunk >> 18) & 63];
    text[length++] = kAlphabet[(chunk >> 12) & 63];
    text[length++] = i + 1 < n ? kAlphabet[(chunk >> 6) & 63] : '=';
    text[length++] = i + 2 < n ? kAlphabet[chunk & 63] : '=';
  }
  text[length++] = '"';
  out.commit_to(text + length);
}

// rfc3339_millis, quoted; without snprintf for the dates it can spell (years 1970 to 9999).
void append_quoted_rfc3339_millis(TextBuffer& out, std::int64_t unix_millis) {
  if (unix_millis < 0 || unix_millis >= 253402300800000) {  // 10000-01-01
    out += '"';
    out += rfc3339_millis(unix_millis);
    out += '"';
    return;
  }
  // Howard Hinnant's civil_from_days.
  const std::int64_t days = unix_millis / 86400000;
  const std::int64_t ms_of_day = unix_millis % 86400000;
  const std::int64_t z = days + 719468;
  const std::int64_t era = z / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[] = "\"0000-00-00T00:00:00.000Z\"";
  auto put = [&](std::size_t at, std::int64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) text[at + i] = static_cast<char>('0' + value % 10);
  };
  put(1, year, 4);
  put(6, month, 2);
  put(9, day, 2);
  put(12, ms_of_day / 3600000, 2);
  put(15, ms_of_day / 60000 % 60, 2);
  put(18, ms_of_day / 1000 % 60, 2);
  put(21, ms_of_day % 1000, 3);
  out.append(text, sizeof text - 1);
}

// Sorts the members of an object by key, as nlohmann's objects (std::map: byte order) keep
// them, keeping equal keys in the order added (few members: insertion sort), then drops all but
// the last of equal keys: a later value for the same key replaces an earlier one.
template <class Member>
void sort_members(std::vector<Member>& members) {
  for (std::size_t i = 1; i < members.size(); ++i) {
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

// The members of an object, sorted (sort_members), as `"key":value,...`; value(out, member)
// writes each value.
template <class Member, class Value>
void append_sorted_members(TextBuffer& out, std::vector<Member>& members, Value&& value) {
  sort_members(members);
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ',';
    append_key(out, members[i].key);
    out += ':';
    value(out, members[i]);
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
    case Kind::kOutputs:
      text_.clear();
      (member.kind == Kind::kInputs ? span.recorded_inputs() : span.outputs).append_text(text_);
      append_json_string(out, text_);
      return;
    default:
      break;
  }
  value_.clear();
  switch (member.kind) {
    case Kind::kString:
      append_json_string(value_, member.string);
      break;
    case Kind::kNumber:
      append_integer(value_, member.number);
      break;
    case Kind::kJson:
      append_json_text(value_, *member.json);
      break;
    default:
      break;
  }
  append_json_string(out, value_.view());
}

void TraceLineWriter::append_span(TextBuffer& out, const SpanRecord& span) {
  // span_to_dict's attributes, in the order it sets them (a later key replaces an earlier one).
  members_.clear();
  members_.push_back({"mlflow.traceRequestId", Kind::kTraceRequestId});
  {
    Member type{"mlflow.spanType", Kind::kString};
    type.string = span.span_type;
    members_.push_back(type);
  }
  if (span.has_inputs) members_.push_back({"mlflow.spanInputs", Kind::kInputs});
  // for_each_code_attribute, without a std::string key and a json value per attribute.
  if (span.code.function_name != nullptr) {
    auto code_string = [&](const char* key, const char* value) {
      if (value == nullptr || span.find_attribute(key) != nullptr) return;
      Member member{key, Kind::kString};
      member.string = value;
      members_.push_back(member);
    };
    code_string("mlflow.spanFunctionName", span.code.function_name);
    code_string("code.function.name", span.code.qualified_name);
    code_string("code.file.path", span.code.file);
    if (span.code.line != 0 && span.find_attribute("code.line.number") == nullptr) {
      Member member{"code.line.number", Kind::kNumber};
      member.number = span.code.line;
      members_.push_back(member);
    }
  }
  if (span.has_outputs) members_.push_back({"mlflow.spanOutputs", Kind::kOutputs});
  bool has_log_level = false;
  for (const auto& [key, value] : span.attributes) {
    has_log_level = has_log_level || key == "mlflow.spanLogLevel";
    Member member{key, Kind::kJson};
    member.json = &value;
    members_.push_back(member);
  }
  if (!has_log_level) {
    // As MLflow's LiveSpan: the span type's default level, raised to ERROR by an exception
    // event. The value is the level's digits as a string.
    bool has_exception = false;
    for (const auto& event : span.events) has_exception = has_exception || event.name == "exception";
    Member member{"mlflow.spanLogLevel", Kind::kSpanLogLevel};
    member.number = has_exception ? kLogLevelError : default_log_level(span.span_type);
    members_.push_back(member);
  }
  out += "{\"attributes\":{";
  append_sorted_members(out, members_, [&](TextBuffer& o, const Member& member) {
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
  out += "],\"links\":[],\"name\":";
  append_json_string(out, span.name);
  out += ",\"parent_span_id\":";
  if (span.parent_span_id == 0) {
    out += "null";
  } else {
    append_quoted_base64(out, {span.parent_span_id});
  }
  out += ",\"span_id\":";
  append_quoted_base64(out, {span.span_id});
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
  const TraceAnnotations& notes = trace.annotations;

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
    append_json_string(out, text_);
  }
  out += ",\"request_time\":";
  append_quoted_rfc3339_millis(out, root.start_unix_nano / 1000000);
  text_.clear();
  if (append_trace_preview(text_, trace, true)) {
    out += ",\"response_preview\":";
    append_json_string(out, text_);
  }
  out += root.status == SpanStatusCode::ERROR ? ",\"state\":\"ERROR\"" : ",\"state\":\"OK\"";

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
  append_hex(out, trace.trace_id.high);
  append_hex(out, trace.trace_id.low);
  out += "\",\"trace_location\":{\"mlflow_experiment\":{\"experiment_id\":";
  append_json_string(out, trace.experiment_id);
  out += "},\"type\":\"MLFLOW_EXPERIMENT\"}";

  // trace_metadata, as derive_trace_info merges the derived entries with update_current_trace()'s.
  // Never empty.
  members_.clear();
  auto add = [&](std::string_view key, std::string_view value, Kind kind = Kind::kString) {
    Member member{key, kind};
    member.string = value;
    members_.push_back(member);
  };
  // Set first: what update_current_trace() set replaces them.
  add("mlflow.trace_schema.version", "3");
  if (!user_known_) {
    user_ = trace_user_name();
    user_known_ = true;
  }
  add("mlflow.user", user_);
  add("mlflow.source.name", trace_source_name());
  add("mlflow.source.type", "LOCAL");
  for (const auto& [key, value] : notes.metadata) add(key, value);
  // Set last: they replace what update_current_trace() set.
  add("mlflow.traceInputs", {}, Kind::kInputs);
  add("mlflow.traceOutputs", {}, Kind::kOutputs);
  const nlohmann::json usage = aggregate_token_usage(trace);
  if (!usage.is_null()) add("mlflow.trace.tokenUsage", {}, Kind::kJson);
  out += ",\"trace_metadata\":{";
  append_sorted_members(out, members_, [&](TextBuffer& o, const Member& member) {
    switch (member.kind) {
      case Kind::kInputs:
      case Kind::kOutputs:
        text_.clear();
        append_trace_io_metadata(text_, root, member.kind == Kind::kOutputs);
        append_json_string(o, text_);
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

void TraceLineWriter::append_line(TextBuffer& out, const CompletedTrace& trace) {
  // Per trace: the pieces every span repeats.
  trace_id_base64_.clear();
  append_quoted_base64(trace_id_base64_, {trace.trace_id.high, trace.trace_id.low});
  // mlflow.traceRequestId: the JSON text "\"tr-...\"" as a JSON string (hex needs no escaping).
  request_id_attribute_.clear();
  request_id_attribute_ += "\"\\\"tr-";
  append_hex(request_id_attribute_, trace.trace_id.high);
  append_hex(request_id_attribute_, trace.trace_id.low);
  request_id_attribute_ += "\\\"\"";

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
  value_.release_memory_above(bytes);
}

std::string trace_to_json_line(const CompletedTrace& trace) {
  TextBuffer out;
  TraceLineWriter().append_line(out, trace);
  return std::string(out.view());
}

}  // namespace detail
MLFLOW_END_NAMESPACE
