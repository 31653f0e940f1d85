// diagnostics.cpp: see diagnostics.h.
#include "support/diagnostics.h"

#include <cstdio>
#include <mutex>
#include <set>
#include <string>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void warn(std::string_view message) noexcept {
  std::fprintf(stderr, "mlflow-cpp: warning: %.*s\n", static_cast<int>(message.size()),
               message.data());
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
