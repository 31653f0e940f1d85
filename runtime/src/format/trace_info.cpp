// trace_info.cpp: see trace_info.h.
#include "format/trace_info.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <vector>

#include <pwd.h>
#include <unistd.h>

#include "format/chat_messages.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Python's getpass.getuser(): the login name from the environment, else the password database.
std::string trace_user_name() {
  for (const char* name : {"LOGNAME", "USER", "LNAME", "USERNAME"})
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
  // The database is looked up once per thread and user id, not per trace: getpwuid opens and
  // reads /etc/passwd (or asks NSS) every time, which cost more than writing the whole trace.
  struct Cached {
    bool known = false;
    uid_t uid = 0;
    std::string name;
  };
  thread_local Cached cached;
  const uid_t uid = geteuid();
  if (!cached.known || cached.uid != uid) {
    // getpwuid_r, not getpwuid: a trace that finds the export queue full is written by the
    // thread that completed it while the export thread writes others, and getpwuid shares one
    // static record between them.
    passwd record{};
    passwd* entry = nullptr;
    std::vector<char> buffer(16384);
    const bool found = getpwuid_r(uid, &record, buffer.data(), buffer.size(), &entry) == 0;
    cached.name = found && entry != nullptr ? entry->pw_name : "";
    cached.uid = uid;
    cached.known = true;
  }
  return cached.name;
}

const std::string& trace_source_name() {
  // Never destroyed: the export thread reads it during the final flush at exit, after static
  // destructors ran.
  static const std::string* const name = [] {
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return new std::string("unknown");
    std::string full(path, static_cast<std::size_t>(n));
    return new std::string(full.substr(full.find_last_of('/') + 1));
  }();
  return *name;
}

void append_preview_of(std::string& out, const nlohmann::json& value, std::string_view role) {
  const std::size_t start = out.size();
  if (auto messages = find_chat_messages(value); messages && !messages->empty()) {
    const nlohmann::json* chosen = messages->back();
    for (auto it = messages->rbegin(); it != messages->rend(); ++it) {
      if ((**it)["role"] == role) {
        chosen = *it;
        break;
      }
    }
    append_valid_utf8(out, chat_message_text(*chosen));
  }
  if (out.size() == start) append_json_text(out, value);
  truncate_code_points_in_place(out, start, kMaxPreviewChars);
}

std::string preview_of(const nlohmann::json& value, std::string_view role) {
  std::string preview;
  append_preview_of(preview, value, role);
  return preview;
}

namespace {

// append_preview_of the recorded value's tree, from its JSON text when that cannot hold a chat
// message: every chat shape (chat_messages.h) has a member "role", and without one the preview
// is the tree's JSON text, which is the value's own text with its objects' members in key order
// (canonicalize_json_text). Parsing the root span's text into a tree for every trace, only to
// find no chat message in it, cost more than writing the rest of the trace.
void append_recorded_preview(std::string& out, const RecordedJson& value, std::string_view role) {
  const std::size_t start = out.size();
  value.append_text(out);
  if (canonicalize_json_text(out, start, "role")) {
    truncate_code_points_in_place(out, start, kMaxPreviewChars);
    return;
  }
  out.resize(start);
  append_preview_of(out, value.tree(), role);
}

}  // namespace

bool append_trace_preview(std::string& out, const CompletedTrace& trace, bool response) {
  // Previews set by update_current_trace() are kept as given, as MLflow does.
  const auto& given = response ? trace.annotations.get().response_preview
                            : trace.annotations.get().request_preview;
  if (given) {
    out.append(*given);
    return true;
  }
  const SpanRecord& root = trace.root();
  if (response ? !root.has_outputs : !root.has_inputs) return false;
  append_recorded_preview(out, response ? root.outputs : root.recorded_inputs(),
                          response ? "assistant" : "user");
  return true;
}

void append_trace_io_metadata(std::string& out, const SpanRecord& root, bool outputs) {
  if (outputs ? !root.has_outputs : !root.has_inputs) return;
  const std::size_t start = out.size();
  (outputs ? root.outputs : root.recorded_inputs()).append_text(out);
  truncate_code_points_in_place(out, start, kMaxMetadataChars);
}

namespace {

// A token count as a whole number: an integer, or a finite number within int64's range (a
// count of 4e39, or one that does not fit, is left out rather than converted: undefined).
std::optional<std::int64_t> token_count(const nlohmann::json& value) {
  if (value.is_number_unsigned())
    return value.get<std::uint64_t>() <= std::uint64_t{INT64_MAX}
               ? std::optional<std::int64_t>(static_cast<std::int64_t>(value.get<std::uint64_t>()))
               : std::nullopt;
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d >= -9.2e18 && d <= 9.2e18) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// `total[key]` plus `value`, saturating instead of overflowing.
void add_count(nlohmann::json& total, const char* key, std::int64_t value) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(total.value(key, std::int64_t{0}), value, &sum))
    sum = value > 0 ? INT64_MAX : INT64_MIN;
  total[key] = sum;
}

}  // namespace

nlohmann::json aggregate_token_usage(const CompletedTrace& trace) {
  static constexpr const char* kKeys[] = {"input_tokens", "output_tokens", "total_tokens"};
  static constexpr const char* kOptionalKeys[] = {"cache_read_input_tokens",
                                                  "cache_creation_input_tokens",
                                                  "cache_creation_input_tokens_above_1hr"};
  auto usage_of = [](const SpanRecord& span) -> const nlohmann::json* {
    const nlohmann::json* usage = span.find_attribute("mlflow.chat.tokenUsage");
    return (usage != nullptr && usage->is_object()) ? usage : nullptr;
  };
  // Most traces have no usage at all: no map for them.
  if (std::none_of(trace.spans.begin(), trace.spans.end(),
                   [&](const auto& span) { return usage_of(*span) != nullptr; }))
    return nlohmann::json();
  std::unordered_map<SpanId, const SpanRecord*> by_id;
  for (const auto& span : trace.spans) by_id.emplace(span->span_id, span.get());

  nlohmann::json total = nlohmann::json::object();
  for (const char* key : kKeys) total[key] = 0;
  bool found = false;
  for (const auto& span : trace.spans) {
    const nlohmann::json* usage = usage_of(*span);
    if (usage == nullptr) continue;
    // Counted only when no ancestor carries usage (that ancestor already sums its children).
    // (At most one step per span: parents that loop, as a merged remote trace could name them,
    // end the walk.)
    bool counted_above = false;
    std::size_t steps = 0;
    for (auto it = by_id.find(span->parent_span_id); it != by_id.end() && steps++ < by_id.size();
         it = by_id.find(it->second->parent_span_id)) {
      if (usage_of(*it->second) != nullptr) {
        counted_above = true;
        break;
      }
    }
    if (counted_above) continue;
    found = true;
    for (const char* key : kKeys)
      if (auto v = usage->find(key); v != usage->end())
        if (auto count = token_count(*v)) add_count(total, key, *count);
    for (const char* key : kOptionalKeys)
      if (auto v = usage->find(key); v != usage->end())
        if (auto count = token_count(*v)) add_count(total, key, *count);
  }
  return found ? total : nlohmann::json();
}

TraceInfo derive_trace_info(const CompletedTrace& trace) {
  const SpanRecord& root = trace.root();
  const TraceAnnotations& notes = trace.annotations.get();
  TraceInfo info;
  info.trace_id = mlflow_trace_id(trace.trace_id);
  info.experiment_id = trace.experiment_id;
  info.client_request_id = notes.client_request_id;
  info.request_time_ms = root.start_unix_nano / 1000000;
  info.execution_duration_ms = (root.end_unix_nano - root.start_unix_nano) / 1000000;
  info.state = trace.failed() ? "ERROR" : "OK";

  std::string preview;
  if (append_trace_preview(preview, trace, false)) info.request_preview = std::move(preview);
  preview.clear();
  if (append_trace_preview(preview, trace, true)) info.response_preview = std::move(preview);

  auto& metadata = info.trace_metadata;
  metadata["mlflow.trace_schema.version"] = "3";
  metadata["mlflow.user"] = trace_user_name();
  metadata["mlflow.source.name"] = trace_source_name();
  metadata["mlflow.source.type"] = "LOCAL";
  for (const auto& [key, value] : notes.metadata) metadata[key] = value;
  for (const bool outputs : {false, true}) {
    std::string& text = metadata[outputs ? "mlflow.traceOutputs" : "mlflow.traceInputs"];
    text.clear();  // derived: replaces what update_current_trace() set
    append_trace_io_metadata(text, root, outputs);
  }
  if (auto usage = aggregate_token_usage(trace); !usage.is_null())
    metadata["mlflow.trace.tokenUsage"] = to_json_text(usage);

  info.tags = notes.tags;
  info.tags["mlflow.traceName"] = root.name.str();  // the name tag always wins, as in MLflow
  return info;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
