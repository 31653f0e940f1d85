// distributed_service.cpp: two "services" in two processes continuing one trace through the
// W3C traceparent header (mlflow/propagation.h), both exporting to the same tracking server.
//
//   distributed_service caller   traces handle_request; inside it, runs `<self> callee <tp>`
//                                (a request to another service) with the traceparent it injects
//   distributed_service callee TP   continues TP: lookup (RETRIEVER) -> rank (TOOL)
#include <cstdio>
#include <cstdlib>
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
  std::fprintf(stderr, "usage: %s caller | callee TRACEPARENT QUERY\n", argv[0]);
  return 2;
}
