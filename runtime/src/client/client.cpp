// client.cpp: mlflow/client.h, the public query client, on top of the runtime's REST client
// (tracking_client.h): SearchTracesV3, GetTraceInfoV3, the trace data as the UI loads it, and
// experiments/get-by-name.
#include <mlflow/client.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "format/id_text.h"
#include "format/protobuf_time.h"
#include "net/http_client.h"
#include "net/tracking_client.h"
#include "support/json_text.h"
#include "support/secrets.h"

MLFLOW_BEGIN_NAMESPACE
namespace {

using nlohmann::json;

constexpr int kMaxSearchResults = 500;  // SearchTracesV3's limit (the server refuses more)
constexpr std::chrono::milliseconds kMaxProbeTimeout{30000};

[[noreturn]] void refuse(const std::string& message) {
  throw ClientError(message, 0, "INVALID_PARAMETER_VALUE", message);
}

bool is_hex(std::string_view text) {
  for (char c : text)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "tr-" in front of a bare 32-digit hex id, as `mlflow-cpp show --trace-id` accepts them.
std::string full_trace_id(const std::string& id) {
  if (id.size() == 32 && is_hex(id)) return "tr-" + id;
  return id;
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key) {
  const json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::map<std::string, std::string> string_map(const json& object, const char* key) {
  std::map<std::string, std::string> out;
  const json* map = member(object, key);
  if (map == nullptr || !map->is_object()) return out;
  for (auto it = map->begin(); it != map->end(); ++it)
    out[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
  return out;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// An assessment in protobuf's JSON form (TraceInfo.assessments).
Assessment assessment_from_proto_json(const json& proto) {
  Assessment a;
  a.assessment_id = string_member(proto, "assessment_id");
  a.name = string_member(proto, "assessment_name");
  a.rationale = string_member(proto, "rationale");
  a.span_id = string_member(proto, "span_id");
  a.metadata = string_map(proto, "metadata");
  a.overrides = string_member(proto, "overrides");
  a.run_id = string_member(proto, "run_id");
  if (const json* issue = member(proto, "issue")) a.issue_name = string_member(*issue, "issue_name");
  if (const json* valid = member(proto, "valid"); valid != nullptr && valid->is_boolean())
    a.valid = valid->get<bool>();
  if (const json* source = member(proto, "source")) {
    a.source_type = string_member(*source, "source_type");
    a.source_id = string_member(*source, "source_id");
  }
  const json* value = nullptr;
  if (const json* expectation = member(proto, "expectation")) {
    a.is_expectation = true;
    value = member(*expectation, "value");
    if (const json* serialized = member(*expectation, "serialized_value"))
      a.value_json = string_member(*serialized, "value");  // JSON_FORMAT: the JSON text itself
  } else if (const json* feedback = member(proto, "feedback")) {
    value = member(*feedback, "value");
  }
  if (value != nullptr) a.value_json = dump(*value);
  if (a.value_json.empty()) a.value_json = "null";
  return a;
}

// An issue in protobuf's JSON form (GetIssue, CreateIssue).
Issue issue_from_proto_json(const json& proto) {
  Issue issue;
  issue.issue_id = string_member(proto, "issue_id");
  issue.experiment_id = string_member(proto, "experiment_id");
  issue.name = string_member(proto, "name");
  issue.description = string_member(proto, "description");
  issue.status = string_member(proto, "status");
  issue.severity = string_member(proto, "severity");
  return issue;
}

// A hex id from a span dict's base64 one (8 or 16 bytes); empty when it is none.
std::string hex_id(const json& base64, std::size_t bytes, const char* what) {
  if (!base64.is_string()) return std::string();
  const std::string id = detail::id_bytes_from_base64(base64, bytes, what);
  detail::TextBuffer hex;
  for (std::size_t word = 0; word < id.size(); word += 8)
    detail::append_hex_word(hex, detail::big_endian_word(std::string_view(id).substr(word, 8)));
  return std::string(hex.view());
}

std::int64_t int_member(const json& object, const char* key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_number_integer()) return 0;
  return value->get<std::int64_t>();
}

// A span in MLflow's Span.to_dict() form.
Trace::Span span_from_dict(const json& dict) {
  Trace::Span span;
  span.trace_id = "tr-" + hex_id(dict.value("trace_id", json()), 16, "trace_id");
  span.span_id = hex_id(dict.value("span_id", json()), 8, "span_id");
  if (const json* parent = member(dict, "parent_span_id")) span.parent_id = hex_id(*parent, 8, "parent_span_id");
  span.name = string_member(dict, "name");
  span.start_time_ns = int_member(dict, "start_time_unix_nano");
  span.end_time_ns = int_member(dict, "end_time_unix_nano");
  if (const json* status = member(dict, "status")) {
    std::string code = string_member(*status, "code");
    if (code.rfind("STATUS_CODE_", 0) == 0) code.erase(0, 12);
    span.status = code.empty() ? "UNSET" : code;
    span.status_message = string_member(*status, "message");
  }
  span.attributes = string_map(dict, "attributes");  // MLflow keeps each as JSON text
  if (auto it = span.attributes.find("mlflow.spanType"); it != span.attributes.end()) {
    json type = json::parse(it->second, nullptr, false);
    span.span_type = type.is_string() ? type.get<std::string>() : it->second;
  }
  if (auto it = span.attributes.find("mlflow.spanInputs"); it != span.attributes.end())
    span.inputs_json = it->second;
  if (auto it = span.attributes.find("mlflow.spanOutputs"); it != span.attributes.end())
    span.outputs_json = it->second;
  if (const json* events = member(dict, "events"); events != nullptr && events->is_array()) {
    for (const json& event : *events) {
      Trace::Span::Event e;
      e.name = string_member(event, "name");
      e.time_ns = int_member(event, "time_unix_nano");
      const json* attributes = member(event, "attributes");
      e.attributes_json = attributes != nullptr ? dump(*attributes) : "{}";
      span.events.push_back(std::move(e));
    }
  }
  if (const json* links = member(dict, "links"); links != nullptr && links->is_array()) {
    for (const json& link : *links) {
      Trace::Span::Link l;
      l.trace_id = string_member(link, "trace_id");
      l.span_id = string_member(link, "span_id");
      const json* attributes = member(link, "attributes");
      l.attributes_json = attributes != nullptr ? dump(*attributes) : "null";
      span.links.push_back(std::move(l));
    }
  }
  return span;
}

// A TraceInfoV3 in protobuf's JSON form (what the server sends) as a TraceInfo, with its
// to_dict() text. Nothing when it is not one.
std::optional<TraceInfo> trace_info_from_proto_json(const json& proto) {
  if (!proto.is_object() || string_member(proto, "trace_id").empty()) return std::nullopt;
  TraceInfo info;
  info.trace_id = string_member(proto, "trace_id");
  if (const json* location = member(proto, "trace_location"))
    if (const json* experiment = member(*location, "mlflow_experiment"))
      info.experiment_id = string_member(*experiment, "experiment_id");
  info.state = string_member(proto, "state");
  if (info.state.empty()) info.state = "STATE_UNSPECIFIED";
  info.request_time_ms = detail::parse_timestamp_ms(string_member(proto, "request_time")).value_or(0);
  info.request_preview = string_member(proto, "request_preview");
  info.response_preview = string_member(proto, "response_preview");
  info.client_request_id = string_member(proto, "client_request_id");
  info.tags = string_map(proto, "tags");
  info.trace_metadata = string_map(proto, "trace_metadata");
  if (const json* assessments = member(proto, "assessments"); assessments && assessments->is_array())
    for (const json& assessment : *assessments)
      info.assessments.push_back(assessment_from_proto_json(assessment));
  // TraceInfo.to_dict() (a stored line) has the duration in milliseconds already.
  if (const json* ms = member(proto, "execution_duration_ms"); ms && ms->is_number_integer())
    info.execution_duration_ms = ms->get<std::int64_t>();

  // TraceInfo.to_dict(): the protobuf dict with execution_duration_ms (int) in place of the
  // Duration.
  json dict = proto;
  if (auto it = dict.find("execution_duration"); it != dict.end()) {
    if (it->is_string()) info.execution_duration_ms = detail::parse_duration_ms(it->get<std::string>());
    dict.erase(it);
    if (info.execution_duration_ms) dict["execution_duration_ms"] = *info.execution_duration_ms;
  }
  info.json = dump(dict);
  return info;
}

}  // namespace

ClientError::ClientError(const std::string& what, long http_status, std::string error_code,
                         std::string message)
    : std::runtime_error(what),
      http_status_(http_status),
      error_code_(std::move(error_code)),
      message_(std::move(message)) {}

ClientError::~ClientError() = default;

struct Client::Impl {
  detail::TrackingServerSettings settings;
  std::string experiment_id;    // explicit, or from the environment
  std::string experiment_name;  // when set, looked up (and checked against the id)
  std::optional<std::string> resolved_experiment;
  bool reachable = false;  // the server answered once
  std::mutex mutex;
  std::optional<detail::TrackingClient> tracking;

  explicit Impl(const ClientOptions& options) {
    settings = detail::Config::from_environment().tracking;
    std::string uri = options.tracking_uri;
    if (uri.empty()) {
      const char* env = std::getenv("MLFLOW_TRACKING_URI");
      if (env == nullptr || *env == '\0')
        refuse("no MLflow tracking server: MLFLOW_TRACKING_URI is not set and no URI was given");
      uri = env;
    }
    while (!uri.empty() && uri.back() == '/') uri.pop_back();
    if (uri.rfind("http://", 0) != 0 && uri.rfind("https://", 0) != 0)
      refuse("\"" + uri + "\" is not the URL of an MLflow tracking server (http:// or https://)");
    settings.uri = uri;
    if (!options.experiment_id.empty() || !options.experiment_name.empty()) {
      experiment_id = options.experiment_id;
      experiment_name = options.experiment_name;
    } else {
      experiment_id = settings.experiment_id;
      experiment_name = settings.experiment_name;
    }
    if (options.timeout.count() > 0) settings.request_timeout = options.timeout;
    // One budget per call, retries included (RetryingSender): the request timeout.
    settings.retry_timeout = settings.request_timeout;
    tracking.emplace(settings);
  }

  // The messages are masked (support/secrets.h): a server may quote the credentials it refused,
  // and the URI may hold a password; they end up printed (mlflow-cpp show --server).
  [[noreturn]] void fail(const std::string& what, const detail::TrackingResponse& response) const {
    if (response.http.status == 0) {
      const std::string error = detail::masked_for_messages(
          response.http.error.empty() ? "no answer" : response.http.error);
      throw ClientError(detail::masked_for_messages("cannot reach the MLflow tracking server at " +
                                                    settings.uri + ": ") + error,
                        0, "", error);
    }
    std::string code = response.error_code();
    std::string message = string_member(response.json, "message");
    if (message.empty()) {
      message = response.http.body.substr(0, 300);
      if (message.empty()) message = "(empty response)";
    }
    message = detail::masked_for_messages(message);
    const std::string full = detail::masked_for_messages(
        what + ": HTTP " + std::to_string(response.http.status) + (code.empty() ? "" : " " + code) +
        ": " + message);
    throw ClientError(full, response.http.status, std::move(code), std::move(message));
  }

  [[noreturn]] void unexpected(const std::string& what, const detail::TrackingResponse& response) const {
    const std::string message = detail::masked_for_messages(
        "unexpected answer from " + settings.uri + ": " + response.http.body.substr(0, 300));
    throw ClientError(detail::masked_for_messages(what + ": ") + message, response.http.status, "",
                      message);
  }

  // The object `key` of a successful answer (the assessment, the issue): a failed call or an
  // answer without it throws.
  const json& answered(const detail::TrackingResponse& response, const char* key,
                       const std::string& what) const {
    if (!response.ok()) fail(what, response);
    const json* object = member(response.json, key);
    if (object == nullptr || !object->is_object()) unexpected(what, response);
    return *object;
  }

  // The first call checks that anything answers at all, once and without retries, so that a
  // wrong URI or a server that is down fails at once instead of after the retry budget.
  void ensure_reachable() {
    if (reachable) return;
    detail::HttpClient http(settings.tls);
    detail::HttpRequest probe;
    probe.url = settings.uri + "/health";
    probe.timeout = std::min(settings.request_timeout, kMaxProbeTimeout);
    if (!settings.authorization.empty()) probe.headers.emplace_back("Authorization", settings.authorization);
    detail::HttpResponse response = http.send(probe);
    if (response.status == 0) {
      detail::TrackingResponse failed;
      failed.http = std::move(response);
      fail("", failed);
    }
    reachable = true;
  }

  std::string default_experiment() {
    if (resolved_experiment) return *resolved_experiment;
    if (experiment_name.empty()) {
      resolved_experiment = experiment_id.empty() ? "0" : experiment_id;
      return *resolved_experiment;
    }
    ensure_reachable();
    const detail::TrackingResponse found = tracking->get_experiment_by_name(experiment_name);
    const std::string what = "looking up experiment \"" + experiment_name + "\" on " + settings.uri;
    if (!found.ok()) {
      if (found.error_code() == "RESOURCE_DOES_NOT_EXIST") {
        const std::string message = "no experiment named \"" + experiment_name + "\" on " + settings.uri;
        throw ClientError(message, found.http.status, "RESOURCE_DOES_NOT_EXIST", message);
      }
      fail(what, found);
    }
    std::string id;
    if (const json* experiment = member(found.json, "experiment"))
      id = string_member(*experiment, "experiment_id");
    if (id.empty()) unexpected(what, found);
    if (!experiment_id.empty() && experiment_id != id) {
      refuse("experiment \"" + experiment_name + "\" is experiment " + id + ", not " + experiment_id +
             "; give one of the name and the id, or make them agree");
    }
    resolved_experiment = id;
    return id;
  }

  SearchTracesResult search(const SearchTracesOptions& options) {
    if (options.max_results < 1 || options.max_results > kMaxSearchResults)
      refuse("max_results must be from 1 to " + std::to_string(kMaxSearchResults) + ", not " +
             std::to_string(options.max_results));
    std::vector<std::string> experiments = options.experiment_ids;
    if (experiments.empty()) experiments.push_back(default_experiment());
    json locations = json::array();
    for (const auto& id : experiments)
      locations.push_back({{"type", "MLFLOW_EXPERIMENT"}, {"mlflow_experiment", {{"experiment_id", id}}}});
    json request = {{"locations", std::move(locations)}, {"max_results", options.max_results}};
    if (!options.filter_string.empty()) request["filter"] = options.filter_string;
    if (!options.order_by.empty()) request["order_by"] = options.order_by;
    if (!options.page_token.empty()) request["page_token"] = options.page_token;

    ensure_reachable();
    const detail::TrackingResponse response = tracking->search_traces(request);
    const std::string what = "searching traces on " + settings.uri;
    if (!response.ok()) fail(what, response);
    if (!response.json.is_object()) unexpected(what, response);
    SearchTracesResult result;
    if (const json* traces = member(response.json, "traces")) {
      if (!traces->is_array()) unexpected(what, response);
      result.traces.reserve(traces->size());
      for (const json& proto : *traces) {
        auto info = trace_info_from_proto_json(proto);
        if (!info) unexpected(what, response);
        result.traces.push_back(std::move(*info));
      }
    }
    result.next_page_token = string_member(response.json, "next_page_token");
    return result;
  }

  TraceInfo info(const std::string& trace_id) {
    const std::string id = full_trace_id(trace_id);
    if (id.empty()) refuse("no trace id given");
    ensure_reachable();
    const detail::TrackingResponse response = tracking->get_trace_info(id);
    const std::string what = "getting trace " + id + " from " + settings.uri;
    if (!response.ok()) fail(what, response);
    const json* trace = member(response.json, "trace");
    const json* proto = trace != nullptr ? member(*trace, "trace_info") : nullptr;
    auto result = proto != nullptr ? trace_info_from_proto_json(*proto) : std::nullopt;
    if (!result) unexpected(what, response);
    return std::move(*result);
  }

  Trace trace(TraceInfo info) {
    if (info.json.empty()) return trace(this->info(info.trace_id));
    ensure_reachable();
    const detail::TrackingResponse response = tracking->get_trace_data(info.trace_id);
    const std::string what = "getting the spans of trace " + info.trace_id + " from " + settings.uri;
    std::string spans_text = "[]";
    // 404 for a trace that exists: the server has no spans for it (yet). Python's get_trace
    // gives None then; a trace with no spans says the same and still shows the info.
    if (response.http.status != 404) {
      if (!response.ok()) fail(what, response);
      const json* spans = member(response.json, "spans");
      if (spans == nullptr || !spans->is_array()) unexpected(what, response);
      spans_text = dump(*spans);
    }
    Trace result;
    // Python's Trace.to_dict() order: info, then data.
    result.json = "{\"info\": " + info.json + ", \"data\": {\"spans\": " + spans_text + "}}";
    result.info = std::move(info);
    try {
      for (const json& span : json::parse(spans_text)) result.spans.push_back(span_from_dict(span));
    } catch (const std::exception& e) {
      unexpected(what + " (" + e.what() + ")", response);
    }
    return result;
  }

  void tag(const std::string& trace_id, const std::string& key, const std::string* value) {
    const std::string id = full_trace_id(trace_id);
    if (id.empty() || key.empty()) refuse("a trace tag needs a trace id and a key");
    ensure_reachable();
    const detail::TrackingResponse response =
        value != nullptr ? tracking->set_trace_tag(id, key, *value) : tracking->delete_trace_tag(id, key);
    if (!response.ok())
      fail((value != nullptr ? "setting tag \"" : "deleting tag \"") + key + "\" of trace " + id +
               " on " + settings.uri,
           response);
  }

  // The parts every assessment has, in protobuf's JSON form (Python's Assessment.to_proto()).
  static json assessment_proto(const std::string& trace_id, const std::string& name,
                               const AssessmentSource& source, const std::string& span_id,
                               const std::string& rationale,
                               const std::map<std::string, std::string>& metadata) {
    const std::string now = detail::rfc3339_millis(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    json proto = {{"assessment_name", name},
                  {"trace_id", trace_id},
                  {"source", {{"source_type", source.source_type}, {"source_id", source.source_id}}},
                  {"create_time", now},
                  {"last_update_time", now}};
    if (!span_id.empty()) proto["span_id"] = span_id;
    if (!rationale.empty()) proto["rationale"] = rationale;
    if (!metadata.empty()) proto["metadata"] = metadata;
    return proto;
  }

  static json parsed_value(const std::string& value_json) {
    json value = json::parse(value_json, nullptr, false);
    if (value.is_discarded()) refuse("the assessment's value is not JSON: " + value_json);
    return value;
  }

  // The value as a feedback's or an expectation's (Python's FeedbackValue / ExpectationValue).
  static void set_value(json& proto, json value, bool expectation) {
    if (!expectation) {
      proto["feedback"] = {{"value", std::move(value)}};
    } else if (value.is_object() || value.is_array()) {
      // As Python's ExpectationValue: structured values go serialized as JSON text.
      proto["expectation"] = {{"serialized_value", {{"serialization_format", "JSON_FORMAT"},
                                                   {"value", dump(value)}}}};
    } else {
      proto["expectation"] = {{"value", std::move(value)}};
    }
  }

  // CreateAssessment; returns the new assessment's id.
  std::string create_assessment(const std::string& id, const json& proto, const std::string& name) {
    ensure_reachable();
    const detail::TrackingResponse response = tracking->create_assessment(id, proto);
    const std::string what = "logging assessment \"" + name + "\" of trace " + id + " on " +
                             settings.uri;
    std::string assessment_id = string_member(answered(response, "assessment", what), "assessment_id");
    if (assessment_id.empty()) unexpected(what, response);
    return assessment_id;
  }

  std::string assess(const std::string& trace_id, const AssessmentInput& input, bool expectation,
                     const std::string& overrides = std::string()) {
    const std::string id = full_trace_id(trace_id);
    if (id.empty()) refuse("an assessment needs a trace id");
    if (input.name.empty()) refuse("an assessment needs a name");
    json proto = assessment_proto(id, input.name, input.source, input.span_id, input.rationale,
                                  input.metadata);
    if (!overrides.empty()) proto["overrides"] = overrides;
    set_value(proto, parsed_value(input.value_json), expectation);
    return create_assessment(id, proto, input.name);
  }

  // UpdateAssessment with the fields Python's TracingClient.update_assessment sends.
  Assessment update(const std::string& trace_id, const std::string& assessment_id,
                    const AssessmentInput& input) {
    const std::string id = full_trace_id(trace_id);
    if (id.empty() || assessment_id.empty()) refuse("an assessment is named by its trace and id");
    if (input.name.empty()) refuse("an assessment needs a name");
    json value = parsed_value(input.value_json);
    // Its kind decides which value field changes (Python: the type of the object passed).
    const bool expectation = assessment(trace_id, assessment_id, false).is_expectation;
    json proto = {{"assessment_id", assessment_id}, {"trace_id", id}, {"assessment_name", input.name}};
    std::string mask = "assessmentName";  // a FieldMask in protobuf's JSON form: lowerCamelCase
    set_value(proto, std::move(value), expectation);
    mask += expectation ? ",expectation" : ",feedback";
    if (!input.rationale.empty()) {
      proto["rationale"] = input.rationale;
      mask += ",rationale";
    }
    if (!input.metadata.empty()) {
      proto["metadata"] = input.metadata;
      mask += ",metadata";
    }
    const detail::TrackingResponse response =
        tracking->update_assessment(id, assessment_id, proto, mask);
    const std::string what = "updating assessment " + assessment_id + " of trace " + id + " on " +
                             settings.uri;
    return assessment_from_proto_json(answered(response, "assessment", what));
  }

  // An issue from CreateIssue's or GetIssue's answer.
  Issue issue_answered(const detail::TrackingResponse& response, const std::string& what) const {
    Issue issue = issue_from_proto_json(answered(response, "issue", what));
    if (issue.issue_id.empty()) unexpected(what, response);
    return issue;
  }

  Issue get_issue(const std::string& issue_id) {
    if (issue_id.empty()) refuse("get_issue needs an issue id");
    ensure_reachable();
    return issue_answered(tracking->get_issue(issue_id),
                          "getting issue \"" + issue_id + "\" on " + settings.uri);
  }

  Issue create_issue(const std::string& experiment_id, const std::string& name,
                     const std::string& description) {
    if (experiment_id.empty() || name.empty() || description.empty())
      refuse("an issue needs an experiment id, a name and a description");
    ensure_reachable();
    return issue_answered(
        tracking->create_issue(
            json{{"experiment_id", experiment_id}, {"name", name}, {"description", description}}),
        "creating issue \"" + name + "\" on " + settings.uri);
  }

  // Python's log_issue: the issue's name is looked up, and a name given must be it.
  std::string log_issue(const std::string& trace_id, const IssueReferenceInput& input) {
    const std::string id = full_trace_id(trace_id);
    if (id.empty()) refuse("an issue reference needs a trace id");
    if (input.issue_id.empty()) refuse("an issue reference needs the issue's id");
    const Issue found = get_issue(input.issue_id);
    if (!input.issue_name.empty() && input.issue_name != found.name)
      refuse("issue name \"" + input.issue_name + "\" does not match the name \"" + found.name +
             "\" of issue " + input.issue_id);
    json proto = assessment_proto(id, input.issue_id, input.source, input.span_id,
                                  input.rationale, input.metadata);
    if (!input.run_id.empty()) proto["run_id"] = input.run_id;
    proto["issue"] = {{"issue_name", found.name}};
    return create_assessment(id, proto, input.issue_id);
  }

  Assessment assessment(const std::string& trace_id, const std::string& assessment_id,
                        bool remove) {
    const std::string id = full_trace_id(trace_id);
    if (id.empty() || assessment_id.empty()) refuse("an assessment is named by its trace and id");
    ensure_reachable();
    const detail::TrackingResponse response = remove
                                                  ? tracking->delete_assessment(id, assessment_id)
                                                  : tracking->get_assessment(id, assessment_id);
    const std::string what = (remove ? "deleting assessment " : "getting assessment ") +
                             assessment_id + " of trace " + id + " on " + settings.uri;
    if (remove) {
      if (!response.ok()) fail(what, response);
      return Assessment();
    }
    return assessment_from_proto_json(answered(response, "assessment", what));
  }
};

Client::Client() : Client(ClientOptions{}) {}

Client::Client(const std::string& tracking_uri) : Client([&] {
  ClientOptions options;
  options.tracking_uri = tracking_uri;
  return options;
}()) {}

Client::Client(const ClientOptions& options) : impl_(std::make_unique<Impl>(options)) {}

Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

const std::string& Client::tracking_uri() const noexcept { return impl_->settings.uri; }

std::string Client::experiment_id() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->default_experiment();
}

SearchTracesResult Client::search_traces(const SearchTracesOptions& options) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->search(options);
}

TraceInfo Client::get_trace_info(const std::string& trace_id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->info(trace_id);
}

Trace Client::get_trace(const std::string& trace_id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->trace(impl_->info(trace_id));
}

Trace Client::get_trace(const TraceInfo& info) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->trace(info);
}

std::vector<TraceInfo> Client::search_all_traces(SearchTracesOptions options,
                                                 std::size_t max_traces) {
  std::vector<TraceInfo> all;
  for (;;) {
    SearchTracesResult page = search_traces(options);
    for (auto& info : page.traces) {
      if (max_traces != 0 && all.size() == max_traces) return all;
      all.push_back(std::move(info));
    }
    if (page.next_page_token.empty() || (max_traces != 0 && all.size() == max_traces)) return all;
    options.page_token = std::move(page.next_page_token);
  }
}

std::vector<Session> Client::search_sessions(SearchTracesOptions options, std::size_t max_sessions) {
  static constexpr const char* kSessionKey = "mlflow.trace.session";
  // First the session ids, in the order their traces come (newest first by default).
  std::vector<std::string> ids;
  for (;;) {
    SearchTracesResult page = search_traces(options);
    for (const TraceInfo& info : page.traces) {
      auto it = info.trace_metadata.find(kSessionKey);
      if (it == info.trace_metadata.end() || it->second.empty()) continue;
      if (std::find(ids.begin(), ids.end(), it->second) == ids.end()) ids.push_back(it->second);
      if (ids.size() == max_sessions) break;
    }
    if (ids.size() == max_sessions || page.next_page_token.empty()) break;
    options.page_token = std::move(page.next_page_token);
  }
  // Then every trace of each session, oldest first, within the same experiments.
  std::vector<Session> sessions;
  for (const std::string& id : ids) {
    if (id.find('\'') != std::string::npos) continue;  // cannot be written in a filter
    SearchTracesOptions by_session;
    by_session.experiment_ids = options.experiment_ids;
    by_session.filter_string = std::string("metadata.`") + kSessionKey + "` = '" + id + "'";
    by_session.order_by = {"timestamp ASC"};
    by_session.max_results = 500;
    Session session{id, search_all_traces(by_session)};
    if (!session.traces.empty()) sessions.push_back(std::move(session));
  }
  return sessions;
}

void Client::set_trace_tag(const std::string& trace_id, const std::string& key,
                           const std::string& value) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->tag(trace_id, key, &value);
}

void Client::delete_trace_tag(const std::string& trace_id, const std::string& key) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->tag(trace_id, key, nullptr);
}

std::string Client::log_feedback(const std::string& trace_id, const AssessmentInput& feedback) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->assess(trace_id, feedback, false);
}

std::string Client::log_expectation(const std::string& trace_id,
                                    const AssessmentInput& expectation) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->assess(trace_id, expectation, true);
}

std::string Client::override_feedback(const std::string& trace_id,
                                      const std::string& assessment_id,
                                      const AssessmentInput& feedback) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (assessment_id.empty()) refuse("override_feedback needs the id of the feedback it replaces");
  return impl_->assess(trace_id, feedback, false, assessment_id);
}

Assessment Client::get_assessment(const std::string& trace_id, const std::string& assessment_id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->assessment(trace_id, assessment_id, false);
}

void Client::delete_assessment(const std::string& trace_id, const std::string& assessment_id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->assessment(trace_id, assessment_id, true);
}

Assessment Client::update_assessment(const std::string& trace_id, const std::string& assessment_id,
                                     const AssessmentInput& assessment) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->update(trace_id, assessment_id, assessment);
}

std::string Client::log_issue(const std::string& trace_id, const IssueReferenceInput& issue) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->log_issue(trace_id, issue);
}

Issue Client::create_issue(const std::string& experiment_id, const std::string& name,
                           const std::string& description) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->create_issue(experiment_id, name, description);
}

Issue Client::get_issue(const std::string& issue_id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->get_issue(issue_id);
}

Trace parse_trace_json(const std::string& text) {
  json dict = json::parse(text, nullptr, false);
  const json* info = member(dict, "info");
  const json* data = member(dict, "data");
  const json* spans = data != nullptr ? member(*data, "spans") : nullptr;
  std::optional<TraceInfo> parsed = info != nullptr ? trace_info_from_proto_json(*info) : std::nullopt;
  if (!parsed || spans == nullptr || !spans->is_array())
    refuse("not MLflow's Trace JSON ({\"info\": {...}, \"data\": {\"spans\": [...]}})");
  Trace trace;
  trace.info = std::move(*parsed);
  trace.info.json = dump(*info);
  trace.json = text;
  try {
    for (const json& span : *spans) trace.spans.push_back(span_from_dict(span));
  } catch (const std::exception& e) {
    refuse(std::string("a span of the trace is not MLflow's Span JSON: ") + e.what());
  }
  return trace;
}

MLFLOW_END_NAMESPACE
