// tracking_client.cpp: see tracking_client.h.
#include "net/tracking_client.h"

#include <cmath>
#include <cstdio>

#include "format/protobuf_time.h"
#include "support/secrets.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr const char* kMlflowArtifactsScheme = "mlflow-artifacts:";

bool is_json(const HttpResponse& response) {
  return response.content_type.find("json") != std::string::npos ||
         (!response.body.empty() && (response.body.front() == '{' || response.body.front() == '['));
}

}  // namespace

std::string TrackingResponse::error_code() const {
  if (json.is_object()) {
    auto it = json.find("error_code");
    if (it != json.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

std::string TrackingResponse::describe() const {
  if (http.status != 0 && json.is_object() && json.contains("message") && json["message"].is_string())
    return masked_for_messages("HTTP " + std::to_string(http.status) + " " + error_code() +
                               ": " + json["message"].get<std::string>());
  return http.describe();
}

TrackingClient::TrackingClient(const TrackingServerSettings& settings)
    : settings_(settings),
      http_(settings.tls),
      sender_(http_, RetryPolicy{settings.retry_timeout, std::chrono::milliseconds(250),
                                 std::chrono::milliseconds(10000)}) {
  // This library's copy of the list the messages are masked by (support/secrets.h).
  hide_authorization_in_messages(settings.authorization);
}

HttpRequest TrackingClient::request(std::string method, std::string_view path) const {
  HttpRequest request;
  request.method = std::move(method);
  request.url = settings_.uri + std::string(path);
  request.timeout = settings_.request_timeout;
  if (!settings_.authorization.empty()) request.headers.emplace_back("Authorization", settings_.authorization);
  return request;
}

TrackingResponse TrackingClient::send_json(std::string method, std::string_view path,
                                           std::string body, const ExportDeadline* deadline) {
  HttpRequest json_request = request(std::move(method), path);
  json_request.headers.emplace_back("Content-Type", "application/json");
  json_request.body = std::move(body);
  return send(json_request, deadline);
}

TrackingResponse TrackingClient::send(const HttpRequest& request, const ExportDeadline* deadline) {
  TrackingResponse response{sender_.send(request, deadline), nullptr};
  if (is_json(response.http)) {
    response.json = nlohmann::json::parse(response.http.body, nullptr, /*allow_exceptions=*/false);
    if (response.json.is_discarded()) response.json = nullptr;
  }
  return response;
}

std::optional<std::string> TrackingClient::resolve_experiment(const std::string& id,
                                                              const std::string& name,
                                                              const ExportDeadline* deadline,
                                                              std::string* error,
                                                              bool* unreachable) {
  *unreachable = false;
  auto fail = [&](const TrackingResponse& r, const std::string& what) -> std::optional<std::string> {
    *unreachable = (r.http.status == 0 && !r.http.permanent) || is_retryable(r.http);
    *error = what + ": " + r.describe();
    return std::nullopt;
  };
  if (!name.empty()) {
    TrackingResponse found = get_experiment_by_name(name, deadline);
    if (found.ok()) {
      std::string found_id = found.json.value(nlohmann::json::json_pointer("/experiment/experiment_id"), std::string());
      if (found_id.empty()) return fail(found, "unexpected answer to get-by-name");
      if (!id.empty() && id != found_id) {
        *error = "MLFLOW_EXPERIMENT_NAME=\"" + name + "\" is experiment " + found_id +
                 ", but MLFLOW_EXPERIMENT_ID=" + id + "; set one of them, or make them agree";
        return std::nullopt;
      }
      return found_id;
    }
    if (found.error_code() != "RESOURCE_DOES_NOT_EXIST")
      return fail(found, "could not look up experiment \"" + name + "\"");
    TrackingResponse created = send_json("POST", "/api/2.0/mlflow/experiments/create",
                                         nlohmann::json{{"name", name}}.dump(), deadline);
    if (created.ok()) {
      std::string created_id = created.json.value("experiment_id", "");
      if (!created_id.empty()) return created_id;
      return fail(created, "unexpected answer to experiments/create");
    }
    if (created.error_code() == "RESOURCE_ALREADY_EXISTS") {  // another process was faster
      TrackingResponse again = get_experiment_by_name(name, deadline);
      if (again.ok()) return again.json.value(nlohmann::json::json_pointer("/experiment/experiment_id"), std::string());
      return fail(again, "could not look up experiment \"" + name + "\"");
    }
    return fail(created, "could not create experiment \"" + name + "\"");
  }
  if (id.empty()) return std::string("0");
  TrackingResponse found =
      send(request("GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + url_encode(id)), deadline);
  if (found.ok()) return id;
  return fail(found, "could not find experiment " + id + " (MLFLOW_EXPERIMENT_ID)");
}

TrackingResponse TrackingClient::log_spans(const std::string& experiment_id, std::string otlp_body,
                                           const ExportDeadline* deadline) {
  HttpRequest post = request("POST", "/v1/traces");
  post.headers.emplace_back("Content-Type", "application/x-protobuf");
  post.headers.emplace_back("x-mlflow-experiment-id", experiment_id);
  post.body = std::move(otlp_body);
  return send(post, deadline);
}

nlohmann::json start_trace_request(const nlohmann::json& info, const std::string& experiment_id) {
  nlohmann::json trace_info = info;
  trace_info["trace_location"] = {{"type", "MLFLOW_EXPERIMENT"},
                                  {"mlflow_experiment", {{"experiment_id", experiment_id}}}};
  if (auto it = trace_info.find("execution_duration_ms"); it != trace_info.end()) {
    const std::int64_t ms = it->is_number_integer() ? it->get<std::int64_t>() : 0;
    trace_info["execution_duration"] = duration_text(ms);
    trace_info.erase(it);
  }
  trace_info.erase("assessments");
  return {{"trace", {{"trace_info", std::move(trace_info)}}}};
}

TrackingResponse TrackingClient::start_trace(const nlohmann::json& trace_info_dict,
                                             const std::string& experiment_id,
                                             const ExportDeadline* deadline) {
  return send_json("POST", "/api/3.0/mlflow/traces",
                   start_trace_request(trace_info_dict, experiment_id)
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                   deadline);
}

TrackingResponse TrackingClient::upload_trace_data(const std::string& artifact_location,
                                                   std::string trace_data_json,
                                                   const ExportDeadline* deadline) {
  // "mlflow-artifacts:/<path>" (or "mlflow-artifacts://host/<path>") is served by the tracking
  // server's artifact proxy; any other location is one the server's own clients write to
  // directly, which we cannot.
  std::string_view location(artifact_location);
  if (location.substr(0, std::string_view(kMlflowArtifactsScheme).size()) != kMlflowArtifactsScheme) {
    TrackingResponse response;
    response.http.error = "the trace's artifact location \"" + artifact_location +
                          "\" is not served by the tracking server (expected mlflow-artifacts:/...)";
    return response;
  }
  location.remove_prefix(std::string_view(kMlflowArtifactsScheme).size());
  if (location.substr(0, 2) == "//") {  // mlflow-artifacts://host:port/path
    const std::size_t slash = location.find('/', 2);
    location = slash == std::string_view::npos ? std::string_view() : location.substr(slash);
  }
  while (!location.empty() && location.front() == '/') location.remove_prefix(1);
  return send_json("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + std::string(location) + "/traces.json",
                   std::move(trace_data_json), deadline);
}

TrackingResponse TrackingClient::search_traces(const nlohmann::json& body) {
  return send_json("POST", "/api/3.0/mlflow/traces/search", body.dump(), nullptr);
}

TrackingResponse TrackingClient::get_trace_info(const std::string& trace_id) {
  return send(request("GET", "/api/3.0/mlflow/traces/" + url_encode(trace_id)), nullptr);
}

TrackingResponse TrackingClient::batch_get_traces(const std::vector<std::string>& trace_ids) {
  std::string path = "/api/3.0/mlflow/traces/batchGet";
  for (std::size_t i = 0; i < trace_ids.size(); ++i)
    path += (i == 0 ? "?trace_ids=" : "&trace_ids=") + url_encode(trace_ids[i]);
  return send(request("GET", path), nullptr);
}

TrackingResponse TrackingClient::set_trace_tag(const std::string& trace_id, const std::string& key,
                                               const std::string& value) {
  return send_json("PATCH", "/api/2.0/mlflow/traces/" + url_encode(trace_id) + "/tags",
                   nlohmann::json{{"key", key}, {"value", value}}.dump(), nullptr);
}

TrackingResponse TrackingClient::delete_trace_tag(const std::string& trace_id,
                                                  const std::string& key) {
  return send_json("DELETE", "/api/2.0/mlflow/traces/" + url_encode(trace_id) + "/tags",
                   nlohmann::json{{"key", key}}.dump(), nullptr);
}

TrackingResponse TrackingClient::create_assessment(const std::string& trace_id,
                                                   const nlohmann::json& assessment) {
  return send_json("POST", "/api/3.0/mlflow/traces/" + url_encode(trace_id) + "/assessments",
                   nlohmann::json{{"assessment", assessment}}.dump(), nullptr);
}

TrackingResponse TrackingClient::get_assessment(const std::string& trace_id,
                                                const std::string& assessment_id) {
  return send(request("GET", "/api/3.0/mlflow/traces/" + url_encode(trace_id) + "/assessments/" +
                                 url_encode(assessment_id)),
              nullptr);
}

TrackingResponse TrackingClient::delete_assessment(const std::string& trace_id,
                                                   const std::string& assessment_id) {
  return send(request("DELETE", "/api/3.0/mlflow/traces/" + url_encode(trace_id) +
                                    "/assessments/" + url_encode(assessment_id)),
              nullptr);
}

TrackingResponse TrackingClient::update_assessment(const std::string& trace_id,
                                                   const std::string& assessment_id,
                                                   const nlohmann::json& assessment,
                                                   const std::string& update_mask) {
  return send_json("PATCH",
                   "/api/3.0/mlflow/traces/" + url_encode(trace_id) + "/assessments/" +
                       url_encode(assessment_id),
                   nlohmann::json{{"assessment", assessment}, {"update_mask", update_mask}}.dump(),
                   nullptr);
}

TrackingResponse TrackingClient::create_issue(const nlohmann::json& issue) {
  return send_json("POST", "/api/3.0/mlflow/issues", issue.dump(), nullptr);
}

TrackingResponse TrackingClient::get_issue(const std::string& issue_id) {
  return send(request("GET", "/api/3.0/mlflow/issues/" + url_encode(issue_id)), nullptr);
}

TrackingResponse TrackingClient::get_trace_data(const std::string& trace_id) {
  return send(request("GET", "/ajax-api/3.0/mlflow/get-trace-artifact?request_id=" + url_encode(trace_id)),
              nullptr);
}

TrackingResponse TrackingClient::get_experiment_by_name(const std::string& name,
                                                        const ExportDeadline* deadline) {
  return send(request("GET", "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + url_encode(name)),
              deadline);
}

}  // namespace detail
MLFLOW_END_NAMESPACE
