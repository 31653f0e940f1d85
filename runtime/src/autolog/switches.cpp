// switches.cpp: see switches.h, and mlflow/autolog.h for the public switches.
#include "autolog/switches.h"

#include <mlflow/autolog.h>

#include <cstdlib>

#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// Bit i set: integration i is off (mlflow/detail/autolog.h).
unsigned g_autolog_disabled = 0;

namespace {

constexpr std::string_view kIds[] = {"libcurl",    "cpp-httplib", "cpr",  "openai-cpp",
                                     "ollama-hpp", "liboai",      "rules", "llama-cpp"};
static_assert(sizeof(kIds) / sizeof(kIds[0]) == static_cast<std::size_t>(Integration::kCount),
              "one id per integration, in Integration's order");

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The bits an id stands for: one integration, or every one for "all"; 0 for an unknown id.
unsigned bits_of(std::string_view id) noexcept {
  try {
    if (lower(id) == "all") return kAllIntegrations;
  } catch (...) {
    return 0;
  }
  const auto integration = integration_of(id);
  return integration ? 1u << static_cast<unsigned>(*integration) : 0;
}

void set_disabled(unsigned bits) noexcept {
  __atomic_or_fetch(&g_autolog_disabled, bits, __ATOMIC_RELAXED);
}
void set_enabled(unsigned bits) noexcept {
  __atomic_and_fetch(&g_autolog_disabled, ~bits, __ATOMIC_RELAXED);
}

[[gnu::constructor]] void apply_at_load() { apply_autolog_environment(); }

}  // namespace

std::string_view integration_id(Integration integration) noexcept {
  const auto i = static_cast<std::size_t>(integration);
  return i < sizeof(kIds) / sizeof(kIds[0]) ? kIds[i] : std::string_view();
}

std::optional<Integration> integration_of(std::string_view id) noexcept {
  for (std::size_t i = 0; i < sizeof(kIds) / sizeof(kIds[0]); ++i) {
    const std::string_view known = kIds[i];
    if (known.size() != id.size()) continue;
    bool same = true;
    for (std::size_t j = 0; same && j < id.size(); ++j) {
      char c = id[j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == known[j];
    }
    if (same) return static_cast<Integration>(i);
  }
  return std::nullopt;
}

AutologSetting parse_autolog_setting(std::string_view value) {
  AutologSetting setting;
  const std::string whole = lower(trim(value));
  if (whole.empty() || whole == "all" || whole == "1" || whole == "true" || whole == "on")
    return setting;
  if (whole == "none" || whole == "0" || whole == "false" || whole == "off") {
    setting.disabled = kAllIntegrations;
    return setting;
  }
  unsigned on = 0;
  bool any_known = false;
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view id = trim(value.substr(0, comma));
    if (!id.empty()) {
      if (const unsigned bits = bits_of(id)) {
        on |= bits;
        any_known = true;
      } else {
        setting.unknown.emplace_back(id);
      }
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  if (!any_known) {
    setting.valid = false;
    return setting;
  }
  setting.disabled = kAllIntegrations & ~on;
  return setting;
}

void apply_autolog_environment() noexcept {
  try {
    const char* value = std::getenv("MLFLOW_CPP_AUTOLOG");
    if (value == nullptr) {
      __atomic_store_n(&g_autolog_disabled, 0u, __ATOMIC_RELAXED);
      return;
    }
    const AutologSetting setting = parse_autolog_setting(value);
    std::string known;
    for (std::string_view id : kIds) known += (known.empty() ? "" : ", ") + std::string(id);
    if (!setting.valid) {
      warn(std::string("ignoring MLFLOW_CPP_AUTOLOG=\"") + value +
           "\": expected all, none, or a comma-separated list of " + known +
           "; every integration stays on");
      __atomic_store_n(&g_autolog_disabled, 0u, __ATOMIC_RELAXED);
      return;
    }
    if (!setting.unknown.empty()) {
      std::string names;
      for (const auto& id : setting.unknown) names += (names.empty() ? "\"" : ", \"") + id + "\"";
      warn(std::string("MLFLOW_CPP_AUTOLOG=\"") + value + "\": no integration is called " + names +
           " (ignored; the integrations are " + known + ")");
    }
    __atomic_store_n(&g_autolog_disabled, setting.disabled, __ATOMIC_RELAXED);
  } catch (...) {  // out of memory at start-up: everything stays on
  }
}

}  // namespace autolog
}  // namespace detail

namespace autolog {

bool enable(std::string_view id) noexcept {
  const unsigned bits = detail::autolog::bits_of(id);
  if (bits == 0) return false;
  detail::autolog::set_enabled(bits);
  return true;
}

bool disable(std::string_view id) noexcept {
  const unsigned bits = detail::autolog::bits_of(id);
  if (bits == 0) return false;
  detail::autolog::set_disabled(bits);
  return true;
}

void enable_all() noexcept { detail::autolog::set_enabled(detail::autolog::kAllIntegrations); }

void disable_all() noexcept { detail::autolog::set_disabled(detail::autolog::kAllIntegrations); }

bool is_enabled(std::string_view id) noexcept {
  const unsigned bits = detail::autolog::bits_of(id);
  return bits != 0 &&
         (__atomic_load_n(&detail::autolog::g_autolog_disabled, __ATOMIC_RELAXED) & bits) == 0;
}

}  // namespace autolog
MLFLOW_END_NAMESPACE
