// query_sample.cpp: the public query API (<mlflow/client.h>) used as a program would use it,
// linked against the shared library; test_query.py compares what it prints with MLflow's own
// Python client. The server and experiment come from the environment (MLFLOW_TRACKING_URI,
// MLFLOW_EXPERIMENT_NAME / _ID), as for a traced program.
//
//   query_sample experiment                      the client's experiment id
//   query_sample search [--experiment ID]... [--filter F] [--order-by O]... [--max-results N]
//                       [--page-token T]         one page: a JSON line per TraceInfo, then
//                                                {"next_page_token": ...}
//   query_sample walk --max-results N [--filter F]
//                                                every page: {"pages": [[trace ids], ...]}
//   query_sample get ID                          {"trace": <Trace JSON>, "info": <TraceInfo>,
//                                                 "spans": [typed spans]}
//   query_sample all --max-results N [--limit L] every page by search_all_traces: {"ids": [...]}
//   query_sample tag ID KEY VALUE | untag ID KEY set_trace_tag / delete_trace_tag
//   query_sample feedback ID NAME VALUE_JSON RATIONALE [SPAN_ID]
//   query_sample expectation ID NAME VALUE_JSON  log_feedback / log_expectation: {"id": ...}
//   query_sample assessment ID AID | unassess ID AID   get_assessment / delete_assessment
//   query_sample override ID AID VALUE_JSON      override_feedback: {"id": ...}
//   query_sample update ID AID NAME VALUE_JSON [RATIONALE]
//                                                update_assessment: the assessment as updated
//   query_sample create-issue EXPERIMENT NAME DESCRIPTION | get-issue ISSUE_ID
//                                                create_issue / get_issue: the issue
//   query_sample issue ID ISSUE_ID [ISSUE_NAME]  log_issue: {"id": ...}
//   query_sample sessions [--experiment ID] [--limit N]  search_sessions: {"sessions": [...]}
//   query_sample parse < TRACE_JSON              parse_trace_json: {"info", "spans"}
//
// A ClientError prints {"error": {...}} and exits 3.
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/client.h>

namespace {

nlohmann::json to_json(const mlflow::Assessment& a);

nlohmann::json to_json(const mlflow::TraceInfo& info) {
  nlohmann::json assessments = nlohmann::json::array();
  for (const auto& a : info.assessments) assessments.push_back(to_json(a));
  nlohmann::json j = {{"trace_id", info.trace_id},
                      {"assessments", assessments},
                      {"experiment_id", info.experiment_id},
                      {"state", info.state},
                      {"request_time_ms", info.request_time_ms},
                      {"execution_duration_ms", nullptr},
                      {"request_preview", info.request_preview},
                      {"response_preview", info.response_preview},
                      {"client_request_id", info.client_request_id},
                      {"tags", info.tags},
                      {"trace_metadata", info.trace_metadata},
                      {"json", nlohmann::json::parse(info.json)}};
  if (info.execution_duration_ms) j["execution_duration_ms"] = *info.execution_duration_ms;
  return j;
}

nlohmann::json parsed_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json::parse(text);
}

nlohmann::json to_json(const mlflow::Trace::Span& span) {
  nlohmann::json attributes = nlohmann::json::object();
  for (const auto& [key, value] : span.attributes) attributes[key] = nlohmann::json::parse(value);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : span.events)
    events.push_back({{"name", e.name}, {"time_ns", e.time_ns},
                      {"attributes", nlohmann::json::parse(e.attributes_json)}});
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : span.links)
    links.push_back({{"trace_id", l.trace_id}, {"span_id", l.span_id},
                     {"attributes", nlohmann::json::parse(l.attributes_json)}});
  return {{"trace_id", span.trace_id}, {"span_id", span.span_id},
          {"parent_id", span.parent_id}, {"name", span.name}, {"span_type", span.span_type},
          {"start_time_ns", span.start_time_ns}, {"end_time_ns", span.end_time_ns},
          {"status", span.status}, {"status_message", span.status_message},
          {"inputs", parsed_or_null(span.inputs_json)},
          {"outputs", parsed_or_null(span.outputs_json)}, {"attributes", attributes},
          {"events", events}, {"links", links}};
}

nlohmann::json to_json(const mlflow::Assessment& a) {
  return {{"assessment_id", a.assessment_id}, {"name", a.name},
          {"is_expectation", a.is_expectation}, {"value", nlohmann::json::parse(a.value_json)},
          {"rationale", a.rationale}, {"source_type", a.source_type},
          {"source_id", a.source_id}, {"span_id", a.span_id}, {"metadata", a.metadata},
          {"overrides", a.overrides}, {"valid", a.valid}, {"issue_name", a.issue_name},
          {"run_id", a.run_id}};
}

nlohmann::json to_json(const mlflow::Issue& issue) {
  return {{"issue_id", issue.issue_id}, {"experiment_id", issue.experiment_id},
          {"name", issue.name}, {"description", issue.description},
          {"status", issue.status}, {"severity", issue.severity}};
}

nlohmann::json spans_json(const mlflow::Trace& trace) {
  nlohmann::json spans = nlohmann::json::array();
  for (const auto& span : trace.spans) spans.push_back(to_json(span));
  return spans;
}

int usage() {
  std::cerr << "usage: query_sample experiment | search [options] | walk --max-results N "
               "[--filter F] | get ID\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return usage();
  const std::string_view command = args[0];
  mlflow::SearchTracesOptions search;
  std::size_t limit = 0;
  std::vector<std::string> positional;
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) std::exit(usage());
      return std::string(args[++i]);
    };
    if (args[i] == "--experiment") {
      search.experiment_ids.push_back(value());
    } else if (args[i] == "--filter") {
      search.filter_string = value();
    } else if (args[i] == "--order-by") {
      search.order_by.push_back(value());
    } else if (args[i] == "--max-results") {
      search.max_results = std::atoi(value().c_str());
    } else if (args[i] == "--limit") {
      limit = static_cast<std::size_t>(std::atoi(value().c_str()));
    } else if (args[i] == "--page-token") {
      search.page_token = value();
    } else {
      positional.emplace_back(args[i]);
    }
  }

  try {
    if (command == "parse") {  // no server: the text on stdin
      std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      const mlflow::Trace trace = mlflow::parse_trace_json(text);
      std::cout << nlohmann::json{{"info", to_json(trace.info)}, {"spans", spans_json(trace)}}.dump()
                << "\n";
      return 0;
    }
    mlflow::Client client;  // everything from the environment
    if (command == "experiment") {
      std::cout << client.experiment_id() << "\n";
    } else if (command == "search") {
      const mlflow::SearchTracesResult page = client.search_traces(search);
      for (const auto& info : page.traces) std::cout << to_json(info).dump() << "\n";
      std::cout << nlohmann::json{{"next_page_token", page.next_page_token}}.dump() << "\n";
    } else if (command == "walk") {
      nlohmann::json pages = nlohmann::json::array();
      for (;;) {
        const mlflow::SearchTracesResult page = client.search_traces(search);
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& info : page.traces) ids.push_back(info.trace_id);
        pages.push_back(ids);
        if (page.next_page_token.empty()) break;
        search.page_token = page.next_page_token;
      }
      std::cout << nlohmann::json{{"pages", pages}}.dump() << "\n";
    } else if (command == "get" && positional.size() == 1) {
      const mlflow::Trace trace = client.get_trace(positional[0]);
      // The spans only, for a TraceInfo from a search: the same trace.
      const mlflow::Trace again = client.get_trace(client.get_trace_info(positional[0]));
      if (again.json != trace.json) {
        std::cerr << "get_trace(id) and get_trace(get_trace_info(id)) differ\n";
        return 1;
      }
      std::cout << nlohmann::json{{"trace", nlohmann::json::parse(trace.json)},
                                  {"info", to_json(trace.info)},
                                  {"spans", spans_json(trace)}}
                       .dump()
                << "\n";
    } else if (command == "all") {
      nlohmann::json ids = nlohmann::json::array();
      for (const auto& info : client.search_all_traces(search, limit)) ids.push_back(info.trace_id);
      std::cout << nlohmann::json{{"ids", ids}}.dump() << "\n";
    } else if (command == "sessions") {
      nlohmann::json sessions = nlohmann::json::array();
      for (const auto& session : client.search_sessions(search, limit == 0 ? 100 : limit)) {
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& info : session.traces) ids.push_back(info.trace_id);
        sessions.push_back({{"session_id", session.session_id}, {"trace_ids", ids}});
      }
      std::cout << nlohmann::json{{"sessions", sessions}}.dump() << "\n";
    } else if (command == "assessment" && positional.size() == 2) {
      std::cout << to_json(client.get_assessment(positional[0], positional[1])).dump() << "\n";
    } else if (command == "override" && positional.size() == 3) {
      mlflow::AssessmentInput input;
      input.name = "helpful";
      input.value_json = positional[2];
      input.rationale = "corrected";
      std::cout << nlohmann::json{{"id", client.override_feedback(positional[0], positional[1],
                                                                  input)}}
                       .dump()
                << "\n";
    } else if (command == "update" && (positional.size() == 4 || positional.size() == 5)) {
      mlflow::AssessmentInput input;
      input.name = positional[2];
      input.value_json = positional[3];
      if (positional.size() == 5) input.rationale = positional[4];
      input.metadata = {{"updated", "yes"}};
      std::cout << to_json(client.update_assessment(positional[0], positional[1], input)).dump()
                << "\n";
    } else if (command == "create-issue" && positional.size() == 3) {
      std::cout << to_json(client.create_issue(positional[0], positional[1], positional[2])).dump()
                << "\n";
    } else if (command == "get-issue" && positional.size() == 1) {
      std::cout << to_json(client.get_issue(positional[0])).dump() << "\n";
    } else if (command == "issue" && (positional.size() == 2 || positional.size() == 3)) {
      mlflow::IssueReferenceInput input;
      input.issue_id = positional[1];
      if (positional.size() == 3) input.issue_name = positional[2];
      input.rationale = "took too long";
      input.metadata = {{"detector", "latency"}};
      std::cout << nlohmann::json{{"id", client.log_issue(positional[0], input)}}.dump() << "\n";
    } else if (command == "unassess" && positional.size() == 2) {
      client.delete_assessment(positional[0], positional[1]);
    } else if (command == "tag" && positional.size() == 3) {
      client.set_trace_tag(positional[0], positional[1], positional[2]);
    } else if (command == "untag" && positional.size() == 2) {
      client.delete_trace_tag(positional[0], positional[1]);
    } else if ((command == "feedback" && (positional.size() == 4 || positional.size() == 5)) ||
               (command == "expectation" && positional.size() == 3)) {
      mlflow::AssessmentInput input;
      input.name = positional[1];
      input.value_json = positional[2];
      if (command == "feedback") {
        input.rationale = positional[3];
        input.source = {"HUMAN", "reviewer@example.com"};
        input.metadata = {{"round", "1"}};
        if (positional.size() == 5) input.span_id = positional[4];
      }
      const std::string id = command == "feedback" ? client.log_feedback(positional[0], input)
                                                   : client.log_expectation(positional[0], input);
      std::cout << nlohmann::json{{"id", id}}.dump() << "\n";
    } else {
      return usage();
    }
  } catch (const mlflow::ClientError& e) {
    std::cout << nlohmann::json{{"error",
                                 {{"http_status", e.http_status()},
                                  {"error_code", e.error_code()},
                                  {"message", e.message()},
                                  {"what", e.what()}}}}
                     .dump()
              << "\n";
    return 3;
  }
  return 0;
}
