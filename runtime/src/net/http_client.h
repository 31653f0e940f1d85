// http_client.h: one HTTP request at a time over libcurl, for the export thread and the CLI.
//
// The only file that talks to libcurl. Everything that reaches a server (the MLflow REST API,
// OTLP to MLflow or to a collector, the CLI's queries and pushes) goes through HttpClient::send,
// so TLS, authentication headers, timeouts and the "give up now" deadline are handled in one
// place.
//
// A client keeps one curl handle, so connections to the same server are reused between
// requests. It is not thread-safe: each thread that sends (the export thread, a CLI command)
// owns its own client.
#ifndef MLFLOW_RUNTIME_HTTP_CLIENT_H
#define MLFLOW_RUNTIME_HTTP_CLIENT_H

#include <mlflow/version.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/http_settings.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE
  std::string url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};  // the whole request, connecting included
};

struct HttpResponse {
  // The HTTP status, or 0 when there was no response (connection refused, DNS, TLS, timeout,
  // aborted at the deadline); `error` then says what happened.
  long status = 0;
  std::string body;
  std::string content_type;
  // A Retry-After header (seconds or an HTTP date), as a delay from now.
  std::optional<std::chrono::milliseconds> retry_after;
  std::string error;
  bool aborted = false;  // gave up at the deadline (see send)
  // No response, and asking again cannot help: TLS verification failed, a bad certificate
  // file, a malformed URL or an unsupported scheme.
  bool permanent = false;
  // No response, because nobody is there to give one, and that came back as an answer rather
  // than a wait: the connection was refused (nothing listens on the port), there is no route to
  // the host, or its name does not resolve. Not a timeout, not a connection that was made and
  // then lost. RetryingSender does not ask again during a flush (retrying_sender.h).
  bool could_not_connect = false;

  bool ok() const noexcept { return status >= 200 && status < 300; }
  // "HTTP 503: <start of the body>" or the transport error, for diagnostics.
  std::string describe() const;
};

class HttpClient {
 public:
  explicit HttpClient(TlsSettings tls = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request and waits for the whole response. Never throws. When `give_up_at_ns` is
  // given, the request is abandoned as soon as steady_clock passes the time it holds (read
  // while the request runs, so another thread may bring it forward, as flush() does).
  HttpResponse send(const HttpRequest& request,
                    const std::atomic<std::int64_t>* give_up_at_ns = nullptr);

 private:
  TlsSettings tls_;
  void* curl_ = nullptr;  // CURL*
};

// Parses a Retry-After value: delay-seconds or an IMF-fixdate. Nothing when it is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

// Percent-encodes a query parameter value or a path segment (RFC 3986 unreserved kept).
std::string url_encode(std::string_view text);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_HTTP_CLIENT_H
