// deadline.h: ExportDeadline, the time by which an export must stop waiting on the network.
//
// Here, below both export/ and net/, because both read it: the export thread's exporters, and
// HttpClient / RetryingSender / TrackingClient during a request.
#ifndef MLFLOW_RUNTIME_DEADLINE_H
#define MLFLOW_RUNTIME_DEADLINE_H

#include <mlflow/version.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The time by which an exporter must stop waiting on the network and keep what it has not
// delivered some other way (the local store). Normally there is none; flush() and the flush at
// exit bring it forward, from another thread, while an export may be running: exporters read
// it before each request and HttpClient reads it during one.
class ExportDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();

  // Brings the deadline forward to `at` (never pushes it back).
  void bring_forward(Clock::time_point at) noexcept {
    const std::int64_t ns = to_ns(at);
    std::int64_t current = ns_.load(std::memory_order_relaxed);
    while (ns < current && !ns_.compare_exchange_weak(current, ns, std::memory_order_relaxed)) {
    }
  }
  void clear() noexcept { ns_.store(kNone, std::memory_order_relaxed); }

  bool passed() const noexcept { return to_ns(Clock::now()) >= ns_.load(std::memory_order_relaxed); }
  // Time left, or nothing when there is no deadline.
  std::chrono::nanoseconds left() const noexcept {
    const std::int64_t at = ns_.load(std::memory_order_relaxed);
    if (at == kNone) return std::chrono::nanoseconds::max();
    return std::chrono::nanoseconds(at - to_ns(Clock::now()));
  }
  // For HttpClient::send, which watches it during a request.
  const std::atomic<std::int64_t>* watch() const noexcept { return &ns_; }

  // The export queue is filling up while this export runs: stop waiting to retry (keep what
  // failed locally and go on), or the queue overflows and drops traces that could have been
  // kept. Requests in flight go on.
  void set_queue_pressure(bool on) noexcept { pressure_.store(on, std::memory_order_relaxed); }
  bool queue_pressure() const noexcept { return pressure_.load(std::memory_order_relaxed); }

  static std::int64_t to_ns(Clock::time_point t) noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  }

 private:
  std::atomic<std::int64_t> ns_{kNone};
  std::atomic<bool> pressure_{false};
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_DEADLINE_H
