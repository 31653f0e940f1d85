// retrying_sender.h: sending one request until it is answered, the way every exporter and the
// CLI want it: retried on a failed connection, on 429 (honouring Retry-After) and on 5xx other
// than 501, with exponential backoff and full jitter, until a budget of time runs out or the
// export deadline (exporter.h) arrives. Anything else (2xx, 4xx, 501) is an answer and is returned
// at once. The caller decides what an answer means; this file only decides when to ask again.
//
// A request is retried only when the server cannot have acted on it (no answer, 429, 5xx): a
// batch that got 200 is never sent again.
//
// Nobody there is not a slow network: while someone waits for the export (a flush, and the
// flush at exit, have set the export deadline), a connection that could not be made at all
// (refused: nothing listens; no route; a name that does not resolve:
// HttpResponse::could_not_connect) is not asked again, and a backoff wait is cut short as soon
// as a flush begins. The caller keeps the request's traces some other way at once (the MLflow
// exporter: undelivered.jsonl, for `mlflow-cpp push`) instead of spending the flush deadline
// on retries that a refusal will answer the same way. While nobody waits, such a failure is
// retried with the usual backoff (the export thread waits, not the program). A server that
// accepts the connection and then does not answer is still waited for until the deadline.
#ifndef MLFLOW_RUNTIME_RETRYING_SENDER_H
#define MLFLOW_RUNTIME_RETRYING_SENDER_H

#include <mlflow/version.h>

#include <chrono>
#include <cstdint>

#include "net/http_client.h"
#include "support/deadline.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct RetryPolicy {
  std::chrono::milliseconds budget{30000};           // total time, first attempt included
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{10000};
};

// Whether `response` asks for the same request again.
bool is_retryable(const HttpResponse& response) noexcept;

// Whether `response` is to be retried given `deadline`: is_retryable, except that a connection
// that could not be made is not retried while a flush waits (a deadline is set).
bool retry_now(const HttpResponse& response, const ExportDeadline* deadline) noexcept;

// The wait before attempt `attempt` + 1 (attempt counts from 1): a uniformly random delay in
// [0, min(max_backoff, initial_backoff * 2^(attempt-1))] ("full jitter"), or what Retry-After
// asked for, whichever is longer.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt,
                                        const HttpResponse& response) noexcept;

class RetryingSender {
 public:
  RetryingSender(HttpClient& client, RetryPolicy policy) : client_(client), policy_(policy) {}

  // The last response: an answer, or the last failure when the budget or the deadline ran out
  // (then `aborted` is set if it was the deadline), or when nobody was there to connect to
  // while a flush waits (`could_not_connect`, not `aborted`).
  HttpResponse send(const HttpRequest& request, const ExportDeadline* deadline = nullptr);

  int attempts_of_last_send() const noexcept { return attempts_; }

 private:
  HttpClient& client_;
  RetryPolicy policy_;
  int attempts_ = 0;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_RETRYING_SENDER_H
