// clock.cpp: see clock.h.
#include "clock.h"

#include <chrono>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::int64_t now_unix_nanos() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
