// mlflow/autolog.h: switching zero-code autolog on and off, per integration, at run time.
//
// A program built with the Clang plugin gets a span for every call of an LLM client the plugin
// recognises (mlflow/detail/autolog.h), with no change to its code. Each integration (the client
// whose call site was redirected) can be switched off and on again while the program runs, like
// MLflow's Python `mlflow.<flavor>.autolog(disable=True)`:
//
//   mlflow::autolog::disable("libcurl");   // raw libcurl calls are no longer traced
//   mlflow::autolog::enable("all");        // every integration on again
//
// The integration ids: "libcurl", "cpp-httplib", "cpr", "openai-cpp", "ollama-hpp", "liboai",
// "llama-cpp", "rules" (the program's own wrappers, from a rules file); "all" names every one of them.
// At start-up, MLFLOW_CPP_AUTOLOG says which are on: "all" (the default), "none" (also "0",
// "false", "off"), or a comma-separated list of ids, which turns on those and no other
// (docs/configuration.md). mlflow::tracing::disable() turns every span off, autolog's included.
//
// Cost: a redirected call reads one word (relaxed) to learn whether its integration is on.
// Calls already in flight when an integration is switched off finish their spans normally.
#ifndef MLFLOW_AUTOLOG_H
#define MLFLOW_AUTOLOG_H

#include <string_view>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace autolog {

// Switch one integration, or "all", on or off. False, and nothing changes, for an unknown id.
MLFLOW_API bool enable(std::string_view id) noexcept;
MLFLOW_API bool disable(std::string_view id) noexcept;

MLFLOW_API void enable_all() noexcept;
MLFLOW_API void disable_all() noexcept;

// Whether the integration is on ("all": whether every integration is on); false for an unknown
// id.
MLFLOW_API bool is_enabled(std::string_view id) noexcept;

}  // namespace autolog
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_AUTOLOG_H
