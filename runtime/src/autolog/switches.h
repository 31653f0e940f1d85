// switches.h: which integrations are on: g_autolog_disabled (mlflow/detail/autolog.h), set at
// start-up from MLFLOW_CPP_AUTOLOG and at run time by mlflow::autolog::enable/disable
// (mlflow/autolog.h).
//
// g_autolog_disabled is a plain word, constant-initialised to 0 (everything on), read and
// written only through the __atomic builtins; a constructor of the library applies
// MLFLOW_CPP_AUTOLOG when the library is loaded, before main. (A program that links the runtime
// statically and calls an LLM client from a static initializer of its own may run before that
// constructor: with everything on.)
#ifndef MLFLOW_RUNTIME_AUTOLOG_SWITCHES_H
#define MLFLOW_RUNTIME_AUTOLOG_SWITCHES_H

#include <mlflow/detail/autolog.h>
#include <mlflow/version.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

inline constexpr unsigned kAllIntegrations = (1u << static_cast<unsigned>(Integration::kCount)) - 1;

// The id of an integration ("libcurl", ...), and the integration of an id (any case).
std::string_view integration_id(Integration integration) noexcept;
std::optional<Integration> integration_of(std::string_view id) noexcept;

// What a value of MLFLOW_CPP_AUTOLOG asks for.
struct AutologSetting {
  unsigned disabled = 0;               // the bits of g_autolog_disabled
  std::vector<std::string> unknown;    // ids in the list that name no integration
  bool valid = true;                   // false: nothing usable; the default (all) stays
};
// "all" (and "", "1", "true", "on"): every integration; "none" ("0", "false", "off"): none; a
// comma-separated list of ids (white space around them allowed, any case; "all" in the list
// means every one): those, and no other. A list with no known id is not valid.
AutologSetting parse_autolog_setting(std::string_view value);

// Sets g_autolog_disabled from MLFLOW_CPP_AUTOLOG (unset: everything on), reporting unknown ids
// and unusable values once on stderr. Runs when the library is loaded; tests call it again.
void apply_autolog_environment() noexcept;

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_SWITCHES_H
