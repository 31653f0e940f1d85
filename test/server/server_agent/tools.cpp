// tools.cpp: a tool that fails for a unit it does not know, and work fanned out to threads.
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "agent.h"

namespace server_agent {

long convert_units(double value, const std::string& unit) {
  if (unit != "ft") throw std::invalid_argument("unknown unit: " + unit);
  return std::lround(value * 3.28084);
}

std::string summarize(const std::string& text) {
  std::istringstream in(text);
  std::string word, out;
  for (int i = 0; i < 3 && in >> word; ++i) out += (i ? " " : "") + word;
  return out;
}

std::vector<std::string> summarize_all(const std::vector<std::string>& texts) {
  auto span = mlflow::start_span("summarize_all", mlflow::SpanType::CHAIN);
  span.set_inputs({{"texts", texts}});
  std::vector<std::string> out(texts.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < texts.size(); ++i)
    // bind_context carries this span to the worker: summarize's span becomes its child.
    workers.emplace_back(mlflow::bind_context([&, i] { out[i] = summarize(texts[i]); }));
  for (auto& worker : workers) worker.join();
  span.set_outputs(out);
  return out;
}

}  // namespace server_agent
