// The configuration API (mlflow/tracing.h: set_destination, set_tracking_uri, set_experiment,
// set_experiment_id, get_tracking_uri), driven by test_configuration_api.py against a real
// MLflow server. Run without MLflow's variables in the environment:
//
//   configure_program <server url> <first store dir> <second store dir> <experiment name>
//
// Each step names its traces; the test reads them back from the two local stores and from the
// server. A worker thread traces "background-<n>" all along, so that every switch happens
// with traces completing on another thread: each must land in exactly one destination.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

#include <mlflow/trace.h>

namespace {

void trace(const char* name, const mlflow::TraceUpdate& update = {}) {
  auto span = mlflow::start_span(name, mlflow::SpanType::CHAIN);
  span.set_inputs("step");
  mlflow::update_current_trace(update);
  std::printf("%s %s %s\n", name, span.trace_id().c_str(), mlflow::get_tracking_uri().c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  const std::string server = argv[1], first_dir = argv[2], second_dir = argv[3];
  const std::string experiment = argv[4];

  // Before the first span: the runtime starts with it.
  if (!mlflow::tracing::set_destination(mlflow::tracing::Destination::local_store(first_dir)))
    return 3;

  std::atomic<bool> stop{false};
  std::atomic<int> background{0};
  std::thread worker([&] {
    while (!stop.load()) {
      auto span = mlflow::start_span("background-" + std::to_string(background.load()));
      background.fetch_add(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });

  trace("local-first");
  if (!mlflow::set_tracking_uri(server + "/")) return 4;  // the trailing slash is dropped
  mlflow::set_experiment(experiment);                      // created on the server
  trace("server-by-name", mlflow::TraceUpdate().set_model_id("m-7").set_state(
                              mlflow::SpanStatusCode::ERROR));
  mlflow::set_experiment_id("0");
  trace("server-default-experiment");
  // Refused: nothing changes, the traces still go to the server.
  std::printf("refused %d %d\n", mlflow::set_tracking_uri("sqlite:///mlflow.db") ? 1 : 0,
              mlflow::tracing::set_destination(
                  mlflow::tracing::Destination::mlflow_experiment("", server))
                  ? 1
                  : 0);
  trace("server-still");
  mlflow::set_tracking_uri("");
  trace("local-again");
  mlflow::tracing::set_destination(mlflow::tracing::Destination::local_store(second_dir));
  trace("second-store");
  mlflow::tracing::set_destination(mlflow::tracing::Destination::mlflow_experiment("0", server));
  trace("server-by-destination");

  stop.store(true);
  worker.join();
  std::printf("background %d\n", background.load());
}
