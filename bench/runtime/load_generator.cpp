// load_generator.cpp: a traced program that produces traces as fast as it can, for the
// end-to-end figures that need a real process: sustained spans per second into a real MLflow
// server, and peak memory while the server is down (bench/server_load.py runs it).
//
//   load_generator TRACES SPANS_PER_TRACE [SECONDS]
//
// Writes TRACES traces of SPANS_PER_TRACE spans each (a root and its children, with small
// inputs and outputs), or keeps going for SECONDS when given, then exits normally (which
// flushes, bounded by MLFLOW_CPP_FLUSH_TIMEOUT_MS). Prints "traces N spans M seconds S".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TRACES SPANS_PER_TRACE [SECONDS]\n", argv[0]);
    return 2;
  }
  const long traces = std::atol(argv[1]);
  const int spans = std::atoi(argv[2]);
  const double seconds = argc > 3 ? std::atof(argv[3]) : 0;
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  long written = 0;
  for (; seconds > 0 ? std::chrono::steady_clock::now() < until : written < traces; ++written) {
    auto root = mlflow::start_span("request", mlflow::SpanType::AGENT);
    root.set_inputs({{"id", written}, {"question", "How tall is the Eiffel Tower?"}});
    for (int i = 1; i < spans; ++i) {
      auto child = mlflow::start_span("step", mlflow::SpanType::TOOL);
      child.set_inputs({{"i", i}, {"tags", {"alpha", "beta", "gamma"}}});
      child.set_outputs("result " + std::to_string(i));
    }
    root.set_outputs("It is 330 metres tall.");
  }
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("traces %ld spans %ld seconds %.3f\n", written, written * spans, took);
  return 0;
}
