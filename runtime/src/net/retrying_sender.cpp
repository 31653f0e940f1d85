// retrying_sender.cpp: see retrying_sender.h.
#include "net/retrying_sender.h"

#include <algorithm>
#include <random>
#include <thread>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

bool is_retryable(const HttpResponse& response) noexcept {
  if (response.aborted || response.permanent) return false;
  if (response.status == 0) return true;  // no answer: refused, reset, timed out, DNS
  if (response.status == 429) return true;
  return response.status >= 500 && response.status != 501;  // 501: the server cannot, ever
}

namespace {

// Someone waits for this export: flush() or the flush at exit has set the deadline.
bool flush_waiting(const ExportDeadline* deadline) noexcept {
  return deadline != nullptr && deadline->left() != std::chrono::nanoseconds::max();
}

}  // namespace

bool retry_now(const HttpResponse& response, const ExportDeadline* deadline) noexcept {
  if (!is_retryable(response)) return false;
  return !(response.could_not_connect && flush_waiting(deadline));
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt,
                                        const HttpResponse& response) noexcept {
  thread_local std::minstd_rand random{std::random_device{}()};
  const int doublings = std::min(attempt - 1, 20);
  const auto cap = std::min<std::chrono::milliseconds>(policy.max_backoff,
                                                       policy.initial_backoff * (1LL << doublings));
  std::uniform_int_distribution<long long> pick(0, std::max<long long>(0, cap.count()));
  std::chrono::milliseconds delay(pick(random));
  if (response.retry_after) delay = std::max(delay, *response.retry_after);
  return delay;
}

HttpResponse RetryingSender::send(const HttpRequest& request, const ExportDeadline* deadline) {
  using Clock = std::chrono::steady_clock;
  const auto give_up = Clock::now() + policy_.budget;
  HttpRequest attempt = request;
  HttpResponse response;
  attempts_ = 0;
  for (;;) {
    // No attempt runs past the budget; the export deadline is watched during the request.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now());
    attempt.timeout = std::max(std::chrono::milliseconds(1), std::min(request.timeout, left));
    ++attempts_;
    response = client_.send(attempt, deadline != nullptr ? deadline->watch() : nullptr);
    if (!retry_now(response, deadline)) return response;
    // The queue is filling up behind this export: no waiting, the caller keeps it for later.
    if (deadline != nullptr && deadline->queue_pressure()) return response;
    const auto delay = backoff_delay(policy_, attempts_, response);
    const auto wake = Clock::now() + delay;
    if (wake >= give_up) return response;  // out of budget: the caller keeps it for later
    // Sleep in short steps so that a deadline brought forward by flush() is noticed: at once
    // when nobody was there to connect to, at the deadline otherwise.
    while (Clock::now() < wake) {
      if (deadline != nullptr && deadline->passed()) {
        response.aborted = true;
        return response;
      }
      if (!retry_now(response, deadline)) return response;
      if (deadline != nullptr && deadline->queue_pressure()) return response;
      std::this_thread::sleep_for(std::min<Clock::duration>(wake - Clock::now(),
                                                            std::chrono::milliseconds(20)));
    }
  }
}

}  // namespace detail
MLFLOW_END_NAMESPACE
