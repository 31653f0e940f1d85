// distributed_service.cpp: two "services" in two processes continuing one trace through the
// W3C traceparent header (mlflow/propagation.h), both exporting to the same tracking server.
//
//   distributed_service caller   traces handle_request; inside it, runs `<self> callee <tp>`
//                                (a request to another service) with the traceparent it injects
//   distributed_service callee TP   continues TP: lookup (RETRIEVER) -> rank (TOOL)
//   distributed_service merge FILE  traces handle_request; inside it, call_python_service merges
//                                the trace in FILE (the answer of a Python service traced with
//                                MLflow: its trace.to_json()) with mlflow::add_trace
//   distributed_service merge-alone FILE   the same merge with no span active
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include <mlflow/attributes.h>
#include <mlflow/trace.h>

namespace {

std::string self;

MLFLOW_TRACE(TOOL) int rank(int hits) { return hits * 2; }

MLFLOW_TRACE(RETRIEVER) int lookup(const std::string& query) {
  return rank(static_cast<int>(query.size()));
}

// The "HTTP call" to the other service: a child process given the header value.
MLFLOW_TRACE(TOOL) int call_search_service(const std::string& query) {
  const std::string traceparent = mlflow::inject_traceparent();
  std::printf("traceparent %s\n", traceparent.c_str());
  std::fflush(stdout);
  const std::string command = "'" + self + "' callee '" + traceparent + "' '" + query + "'";
  return std::system(command.c_str());
}

MLFLOW_TRACE(AGENT) int handle_request(const std::string& query) {
  mlflow::TraceUpdate update;
  update.tags = {{"service", "caller"}};
  mlflow::update_current_trace(update);
  return call_search_service(query);
}

std::string read_file(const char* path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The "HTTP call" to a service that returns its own trace with its answer.
MLFLOW_TRACE(TOOL) bool call_python_service(const std::string& answer_file) {
  return mlflow::add_trace(read_file(answer_file.c_str()));
}

MLFLOW_TRACE(AGENT) bool handle_merged_request(const std::string& answer_file) {
  return call_python_service(answer_file);
}

}  // namespace

int main(int argc, char** argv) {
  self = argv[0];
  if (argc >= 2 && std::string(argv[1]) == "caller") {
    int status = handle_request("eiffel tower");
    std::printf("trace %s\n", mlflow::get_last_active_trace_id().value_or("").c_str());
    return status == 0 ? 0 : 1;
  }
  if (argc >= 4 && std::string(argv[1]) == "callee") {
    auto scope = mlflow::extract_traceparent(argv[2]).attach();
    std::printf("callee result %d\n", lookup(argv[3]));
    return 0;
  }
  if (argc == 3 && std::string(argv[1]) == "merge") {
    const bool added = handle_merged_request(argv[2]);
    std::printf("trace %s\n", mlflow::get_last_active_trace_id().value_or("").c_str());
    return added ? 0 : 1;
  }
  if (argc == 3 && std::string(argv[1]) == "merge-alone") {
    const bool added = mlflow::add_trace(read_file(argv[2]));
    std::printf("trace %s\n", mlflow::get_last_active_trace_id().value_or("").c_str());
    return added ? 0 : 1;
  }
  std::fprintf(stderr, "usage: %s caller | callee TRACEPARENT QUERY | merge FILE | merge-alone FILE\n",
               argv[0]);
  return 2;
}
