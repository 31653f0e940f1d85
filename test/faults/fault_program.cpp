// fault_program.cpp: the traced program of the fault tests (test_faults.py), run against a
// real MLflow server behind the fault proxy (fault_proxy.py).
//
// It is driven line by line on stdin, so that a test can change what the proxy does between
// two traces and wait for the export to react:
//
//   traces K   K traces, one after another: "handle_request [CHAIN]" (client request id
//              <prefix>-<i>, i counting from 0 over the whole run) with one child
//              "generate [LLM]" carrying mlflow.chat.tokenUsage {input 100+i, output 10+i,
//              total 110+2i}, as an LLM client's span does. Prints "trace <id> <call-ms>" per
//              trace, then "ok". Nothing waits between two traces: with a small export queue
//              and a server that does not answer, most of them find the queue full.
//   traces K B the same, each "generate" input also carrying "padding": B bytes of text, so
//              that a trace holds about B bytes (for the queue's memory budget).
//   stats      prints mlflow::tracing::stats() as one JSON line: {"completed", "spilled",
//              "dropped", "spans_left_out"}.
//   exit       prints "longest_call_ms <ms>" and "exiting", and returns 0 from main: the flush
//              at exit follows (MLFLOW_CPP_FLUSH_TIMEOUT_MS at most).
//
// <call-ms> is how long the traced call took as the program sees it, its root span's end (which
// hands the trace to the export queue) included: the figure the tests bound to show that a
// fault on the network never blocks the program. Export goes where MLflow's variables say.
//
//   fault_program [--prefix P]
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include <mlflow/trace.h>  // mlflow::tracing::stats() too
#include <mlflow/capture.h>  // values given as nlohmann::json

namespace {

using Clock = std::chrono::steady_clock;

std::string generate(const std::string& prompt, int i, std::size_t padding) {
  auto span = mlflow::start_span("generate", mlflow::SpanType::LLM);
  nlohmann::json inputs{{"prompt", prompt}, {"model", "fault-model-1"}};
  if (padding != 0) inputs["padding"] = std::string(padding, 'p');
  span.set_inputs(inputs);
  std::string reply = "answer " + std::to_string(i);
  span.set_outputs(reply);
  span.set_attribute("mlflow.chat.tokenUsage", nlohmann::json{{"input_tokens", 100 + i},
                                                              {"output_tokens", 10 + i},
                                                              {"total_tokens", 110 + 2 * i}});
  return reply;
}

std::string handle_request(int i, const std::string& request_id, std::size_t padding) {
  auto span = mlflow::start_span("handle_request", mlflow::SpanType::CHAIN);
  span.set_inputs(nlohmann::json{{"i", i}});
  mlflow::TraceUpdate update;
  update.client_request_id = request_id;
  mlflow::update_current_trace(update);
  std::string reply = generate("question " + std::to_string(i), i, padding);
  span.set_outputs(reply);
  return reply;
}

}  // namespace

int main(int argc, char** argv) {
  std::string prefix = "fault";
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::string(argv[i]) == "--prefix") prefix = argv[i + 1];

  double longest_ms = 0;
  int next = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream words(line);
    std::string command;
    words >> command;
    if (command == "traces") {
      int count = 0;
      std::size_t padding = 0;
      words >> count >> padding;
      for (int k = 0; k < count; ++k, ++next) {
        const auto start = Clock::now();
        handle_request(next, prefix + "-" + std::to_string(next), padding);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        longest_ms = std::max(longest_ms, ms);
        std::cout << "trace " << mlflow::get_last_active_trace_id().value_or("(not recorded)")
                  << " " << std::fixed << std::setprecision(3) << ms << "\n";
      }
      std::cout << "ok" << std::endl;
    } else if (command == "stats") {
      const mlflow::tracing::Stats stats = mlflow::tracing::stats();
      std::cout << nlohmann::json{{"completed", stats.traces_completed},
                                  {"spilled", stats.traces_spilled},
                                  {"dropped", stats.traces_dropped},
                                  {"spans_left_out", stats.spans_left_out}}
                << std::endl;
    } else if (command == "exit") {
      break;
    } else if (!command.empty()) {
      std::cerr << "fault_program: unknown command " << command << "\n";
      return 2;
    }
  }
  std::cout << "longest_call_ms " << std::fixed << std::setprecision(3) << longest_ms << "\n"
            << "exiting" << std::endl;
  return 0;
}
