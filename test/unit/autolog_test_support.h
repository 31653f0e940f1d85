// autolog_test_support.h: runs LLM calls through the autolog entry points (mlflow/detail/
// autolog.h) against a fresh runtime, and reads their spans back from the local store, as a
// user would find them.
#ifndef MLFLOW_AUTOLOG_TEST_SUPPORT_H
#define MLFLOW_AUTOLOG_TEST_SUPPORT_H

#include <mlflow/detail/autolog.h>

#include <string>
#include <string_view>
#include <vector>

#include "test_support.h"

namespace mlflow::testing {

namespace al = mlflow::detail::autolog;

// `text` in pieces of `size` bytes (the last one shorter).
inline std::vector<std::string> pieces_of(std::string_view text, std::size_t size) {
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < text.size(); i += size) pieces.emplace_back(text.substr(i, size));
  return pieces;
}

// The span's inputs / outputs, decoded from the JSON text MLflow stores them as.
inline nlohmann::json inputs_of(const nlohmann::json& span) {
  return attribute(span, "mlflow.spanInputs");
}
inline nlohmann::json outputs_of(const nlohmann::json& span) {
  return attribute(span, "mlflow.spanOutputs");
}

// The span's events named `prefix`... in order.
inline std::vector<nlohmann::json> events_named(const nlohmann::json& span, std::string_view prefix) {
  std::vector<nlohmann::json> out;
  for (const auto& e : span["events"])
    if (e["name"].get<std::string>().rfind(prefix, 0) == 0) out.push_back(e);
  return out;
}

// The chunks a span recorded, decoded ("mlflow.chunk.item.<i>" events' "mlflow.chunk.value").
inline std::vector<nlohmann::json> chunks_of(const nlohmann::json& span) {
  std::vector<nlohmann::json> out;
  for (const auto& e : events_named(span, "mlflow.chunk.item."))
    out.push_back(nlohmann::json::parse(e["attributes"]["mlflow.chunk.value"].get<std::string>()));
  return out;
}

class AutologTest : public TracingTest {
 protected:
  // One call: begin, each piece through response_bytes, end. Returns the call's span, the only
  // span of the only trace (a failed test when there is not exactly one).
  nlohmann::json run(al::Api api, std::string_view url, std::string_view request,
                     const std::vector<std::string>& pieces, int status = 200,
                     std::string_view transport_error = {},
                     al::Integration integration = al::Integration::kLibcurl) {
    al::LlmCall* call = al::begin(integration, api, url, request);
    EXPECT_NE(call, nullptr) << "begin() traced nothing";
    for (const auto& piece : pieces) al::response_bytes(call, piece);
    al::end(call, status, transport_error);
    return only_span();
  }

  nlohmann::json only_span() {
    nlohmann::json trace = only_trace();
    if (!trace.is_object()) return nlohmann::json();
    EXPECT_EQ(trace["data"]["spans"].size(), 1u);
    return trace["data"]["spans"].empty() ? nlohmann::json() : trace["data"]["spans"][0];
  }
};

}  // namespace mlflow::testing

#endif  // MLFLOW_AUTOLOG_TEST_SUPPORT_H
