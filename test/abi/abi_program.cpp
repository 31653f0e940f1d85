// abi_program.cpp: one program that gives spans JSON values in every way the public API takes
// them, built by run_abi.py against the built libmlflow-cpp.so with a nlohmann/json configured
// differently from the runtime's (JSON_DIAGNOSTICS=1, another release) or the same (the
// control). The runtime's binary interface must not depend on the user's nlohmann: the program
// must link, run, and record exactly what it set (run_abi.py reads the trace back and compares
// it with the values below; keep the two in step).
//
// The trace (one, named "abi_root"):
//
//   abi_root (AGENT, manual)     set_inputs({...}), set_attribute(key, json), add_event(name,
//   |                            json), set_outputs(mlflow::capture(Answer))
//   +- abi_child (RETRIEVER, manual)   set_inputs({...}), set_outputs(json)
//      +- search (TOOL, MLFLOW_TRACE: the plugin's generated captures of a std::string, an int
//                 and a user struct, and of the user struct it returns)
//
// Compile-time switches (run_abi.py sets them):
//   ABI_EXPECT_NLOHMANN_MINOR  when defined, the nlohmann/json.hpp included must be 3.<this>
//   ABI_EXPECT_DIAGNOSTICS     1: nlohmann's exceptions must carry JSON_DIAGNOSTICS's paths;
//                              0: they must not
//
// Exit status: 0, or 1 when this program's own nlohmann does not behave as expected.
#include <mlflow/trace.h>
// Giving spans nlohmann values (braced JSON, nlohmann::json, mlflow::capture) needs this too.
#include <mlflow/capture.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

#ifdef ABI_EXPECT_NLOHMANN_MINOR
static_assert(NLOHMANN_JSON_VERSION_MAJOR == 3 &&
                  NLOHMANN_JSON_VERSION_MINOR == ABI_EXPECT_NLOHMANN_MINOR,
              "not the nlohmann/json release this variant is for: check the -I order");
#endif
#ifndef ABI_EXPECT_DIAGNOSTICS
#error "define ABI_EXPECT_DIAGNOSTICS to 0 or 1"
#endif

namespace app {

struct SearchOptions {
  int limit;
  std::string language;
};
void to_json(nlohmann::json& j, const SearchOptions& options) {
  j = nlohmann::json{{"limit", options.limit}, {"language", options.language}};
}

struct SearchResult {
  std::string title;
  std::vector<std::string> hits;
  double score;
};
void to_json(nlohmann::json& j, const SearchResult& result) {
  j = nlohmann::json{{"title", result.title}, {"hits", result.hits}, {"score", result.score}};
}

struct Answer {
  std::string text;
  int sources;
  bool confident;
};
void to_json(nlohmann::json& j, const Answer& answer) {
  j = nlohmann::json{
      {"text", answer.text}, {"sources", answer.sources}, {"confident", answer.confident}};
}

// Traced by the plugin: its generated code captures the three arguments and the result (the
// user structs through their to_json, in this translation unit, with this nlohmann).
MLFLOW_TRACE(TOOL) SearchResult search(const std::string& query, int k, SearchOptions options) {
  SearchResult result{"Paris", {}, 0.75};
  for (int i = 0; i < k; ++i) result.hits.push_back(query + " #" + std::to_string(i + 1));
  result.hits.push_back(options.language);
  return result;
}

}  // namespace app

// True when nlohmann's exceptions name the JSON path, as with JSON_DIAGNOSTICS=1.
static bool nlohmann_has_diagnostics() {
  nlohmann::json value = {{"a", 1}};
  try {
    (void)value.at("a").get<std::string>();
  } catch (const nlohmann::json::type_error& error) {
    std::printf("abi_program: type_error: %s\n", error.what());
    return std::string(error.what()).find("(/a)") != std::string::npos;
  }
  std::printf("abi_program: no type_error from get<std::string>() on a number\n");
  return false;
}

int main() {
  std::printf("abi_program: nlohmann/json %d.%d.%d, JSON_DIAGNOSTICS=%d\n",
              NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
              NLOHMANN_JSON_VERSION_PATCH, JSON_DIAGNOSTICS);
  if (nlohmann_has_diagnostics() != (ABI_EXPECT_DIAGNOSTICS != 0)) {
    std::fprintf(stderr, "abi_program: nlohmann's diagnostics are %s, expected %s\n",
                 ABI_EXPECT_DIAGNOSTICS ? "off" : "on", ABI_EXPECT_DIAGNOSTICS ? "on" : "off");
    return 1;
  }

  {
    auto root = mlflow::start_span("abi_root", mlflow::SpanType::AGENT);
    root.set_inputs({{"question", "capital of France?"},
                     {"max_steps", 3},
                     {"flags", {true, false}},
                     {"context", {{"user", "ada"}, {"lang", nullptr}}}});
    nlohmann::json config = {{"model", "m-1"}, {"temperature", 0.5}, {"stop", {"\n", "END"}}};
    root.set_attribute("abi.config", config);
    nlohmann::json checkpoint = {{"step", 1}, {"note", "half way"}, {"ok", true}};
    root.add_event("abi.checkpoint", checkpoint);
    {
      auto child = mlflow::start_span("abi_child", mlflow::SpanType::RETRIEVER);
      child.set_inputs({{"query", "capital"}, {"k", 2}});
      app::SearchResult result = app::search("capital", 2, app::SearchOptions{2, "fr"});
      nlohmann::json found = {{"found", result.hits.size()}, {"best", result.title}};
      child.set_outputs(found);
    }
    root.set_outputs(mlflow::capture(app::Answer{"Paris", 3, true}));
  }
  return 0;
}
