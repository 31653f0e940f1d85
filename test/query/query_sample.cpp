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
//   query_sample get ID                          {"trace": <Trace JSON>, "info": <TraceInfo>}
//
// A ClientError prints {"error": {...}} and exits 3.
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/client.h>

namespace {

nlohmann::json to_json(const mlflow::TraceInfo& info) {
  nlohmann::json j = {{"trace_id", info.trace_id},
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
    } else if (args[i] == "--page-token") {
      search.page_token = value();
    } else {
      positional.emplace_back(args[i]);
    }
  }

  try {
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
                                  {"info", to_json(trace.info)}}
                       .dump()
                << "\n";
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
