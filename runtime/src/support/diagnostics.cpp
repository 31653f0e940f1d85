// diagnostics.cpp: see diagnostics.h.
#include "support/diagnostics.h"

#include <cstdio>
#include <mutex>
#include <set>
#include <string>

#include "support/secrets.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void warn(std::string_view message) noexcept {
  // Never a credential on stderr: a message may quote a server's reply or a URL (secrets.h).
  std::string masked;
  try {
    masked = masked_for_messages(message);
  } catch (...) {  // out of memory: say that something happened, not what
    masked = "(a message that could not be checked for credentials)";
  }
  std::fprintf(stderr, "mlflow-cpp: warning: %.*s\n", static_cast<int>(masked.size()),
               masked.data());
}

void warn_once(std::string_view key, std::string_view message) noexcept {
  static std::mutex mutex;
  static auto* seen = new std::set<std::string, std::less<>>();  // leaked: usable at exit
  try {
    std::lock_guard<std::mutex> lock(mutex);
    if (!seen->emplace(key).second) return;
  } catch (...) {
    return;
  }
  warn(message);
}

}  // namespace detail
MLFLOW_END_NAMESPACE
