// http_client.cpp: see http_client.h.
#include "net/http_client.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <mutex>

#include <curl/curl.h>
#include <dlfcn.h>

#include "support/base64.h"
#include "support/secrets.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

std::int64_t steady_now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Traces that complete at exit are sent by the final flush, which runs after the program's
// atexit handlers (runtime.cpp). OpenSSL, under libcurl, registers an atexit handler of its
// own when it is first initialized (by the program's curl_global_init, say), and that handler
// frees OpenSSL's state before the final flush runs: an HTTPS request there, or initializing
// libcurl again after the program's curl_global_cleanup(), then crashes inside libcrypto. So
// when this library is loaded, before main, OpenSSL is initialized without that handler
// (OPENSSL_INIT_NO_ATEXIT, OpenSSL 1.1.1 and later): its state stays until the process ends.
// Looked up at run time, so the library needs no OpenSSL headers and works with libcurl built
// on another TLS library (then there is nothing to look up).
[[gnu::constructor]] void keep_openssl_until_exit() noexcept {
  using InitCrypto = int (*)(std::uint64_t options, const void* settings);
  constexpr std::uint64_t kNoAtExit = 0x00080000;  // OPENSSL_INIT_NO_ATEXIT
  if (void* symbol = dlsym(RTLD_DEFAULT, "OPENSSL_init_crypto"))
    reinterpret_cast<InitCrypto>(symbol)(kNoAtExit, nullptr);
}

// curl_global_init is not thread-safe in every libcurl; do it once, before the first handle.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t append_body(char* data, size_t size, size_t count, void* user) {
  static_cast<HttpResponse*>(user)->body.append(data, size * count);
  return size * count;
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

// Whether `url` starts with http:// or https:// (any case), the schemes the client speaks.
bool has_http_scheme(std::string_view url) {
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (url.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), url.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        }))
      return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

size_t read_header(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  auto* response = static_cast<HttpResponse*>(user);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect or 100-continue)
    response->retry_after.reset();
  } else if (iequals_prefix(line, "retry-after")) {
    response->retry_after = parse_retry_after(trim(line.substr(std::strlen("retry-after:"))));
  }
  return size * count;
}

struct Progress {
  const std::atomic<std::int64_t>* give_up_at_ns;
  bool aborted = false;
};

int check_deadline(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* progress = static_cast<Progress*>(user);
  if (steady_now_ns() >= progress->give_up_at_ns->load(std::memory_order_relaxed)) {
    progress->aborted = true;
    return 1;  // abort the transfer
  }
  return 0;
}

}  // namespace

// Masked (support/secrets.h): a server or a proxy may quote the credentials it refused, and a
// transport error names the URL, whose user information may hold a password.
std::string HttpResponse::describe() const {
  if (status == 0) return masked_for_messages(error.empty() ? std::string("no response") : error);
  std::string text = "HTTP " + std::to_string(status);
  std::string_view excerpt = trim(body);
  if (!excerpt.empty()) {
    text += ": ";
    text.append(excerpt.substr(0, 300));
    if (excerpt.size() > 300) text += "...";
  }
  return masked_for_messages(text);
}

// libcurl is initialized when the client is made (the exporter, at the process's first span),
// not at its first request: that request may come from the flush at exit, after the program's
// own curl_global_cleanup() and the TLS library's exit handlers, where initializing libcurl
// again crashes inside OpenSSL. Initialized now, while the program runs, libcurl's global
// reference count keeps it initialized whatever the program does later.
HttpClient::HttpClient(TlsSettings tls) : tls_(std::move(tls)) { init_curl_once(); }

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::send(const HttpRequest& request,
                              const std::atomic<std::int64_t>* give_up_at_ns) {
  HttpResponse response;
  try {
    init_curl_once();
    if (curl_ == nullptr) curl_ = curl_easy_init();
    CURL* curl = static_cast<CURL*>(curl_);
    if (curl == nullptr) {
      response.error = "could not initialise libcurl";
      return response;
    }
    curl_easy_reset(curl);  // keeps the connection cache, forgets the last request's options

    auto timeout = request.timeout;
    if (give_up_at_ns != nullptr) {
      const std::int64_t left_ns = give_up_at_ns->load(std::memory_order_relaxed) - steady_now_ns();
      if (left_ns <= 0) {
        response.aborted = true;
        response.error = "not sent: the flush deadline has passed";
        return response;
      }
      timeout = std::min<std::chrono::milliseconds>(
          timeout, std::chrono::milliseconds(std::max<std::int64_t>(1, left_ns / 1000000)));
    }

    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a program that is not ours
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<long long>(timeout.count(), 10000)));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "mlflow-cpp/" MLFLOW_CPP_VERSION);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &read_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode

    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, tls_.verify ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls_.verify ? 2L : 0L);
    if (!tls_.ca_bundle_path.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, tls_.ca_bundle_path.c_str());
    if (!tls_.client_cert_path.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, tls_.client_cert_path.c_str());

    if (request.method == "GET") {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }

    curl_slist* headers = nullptr;
    // libcurl would add "Expect: 100-continue" to large bodies: one round trip more, for nothing.
    headers = curl_slist_append(headers, "Expect:");
    for (const auto& [name, value] : request.headers) {
      std::string line = name + ": " + value;
      headers = curl_slist_append(headers, line.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    Progress progress{give_up_at_ns};
    if (give_up_at_ns != nullptr) {
      curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &check_deadline);
      curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &progress);
      curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }

    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (code == CURLE_OK) {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
      const char* type = nullptr;
      if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr)
        response.content_type = type;
    } else {
      response.status = 0;
      response.body.clear();
      response.aborted = progress.aborted;
      switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_URL_MALFORMAT:
          response.permanent = true;
          break;
        case CURLE_UNSUPPORTED_PROTOCOL:
          // A scheme other than http(s) can never work. But libcurl says the same when what
          // came back is not HTTP at all ("Received HTTP/0.9 when not allowed": garbage from a
          // broken proxy or a server in trouble). That is no answer, retried like a connection
          // dropped before the answer, not a reason to give up on the first try (found by
          // test/faults, test_garbage_answers).
          response.permanent = !has_http_scheme(request.url);
          break;
        case CURLE_COULDNT_CONNECT:  // ECONNREFUSED, EHOSTUNREACH, ENETUNREACH
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
          response.could_not_connect = true;
          break;
        default:
          break;
      }
      response.error = progress.aborted
                           ? std::string("abandoned at the flush deadline")
                           : std::string(curl_easy_strerror(code)) +
                                 (error_buffer[0] != '\0' ? std::string(" (") + error_buffer + ")" : "");
      response.error += " [" + request.method + " " + request.url + "]";
    }
  } catch (const std::exception& e) {
    response = HttpResponse{};
    response.error = std::string("request failed: ") + e.what();
  }
  return response;
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::chrono::hours(24 * 365);  // absurdly far: cap later
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const std::time_t at = timegm(&tm);
  const std::time_t now = std::time(nullptr);
  return std::chrono::seconds(at > now ? at - now : 0);
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
