// scripted_http_server.h: an HTTP/1.1 server on 127.0.0.1 that answers each request with the
// next scripted response, and records what it received.
//
// For the tests of the HTTP client and the retry policy: the answers they must handle (503
// twice, 429 with Retry-After, a connection closed without an answer, a slow answer) cannot be
// had from a real MLflow server on demand. What MLflow itself does with our requests is tested
// against the real server (test/server/).
#ifndef MLFLOW_TEST_SCRIPTED_HTTP_SERVER_H
#define MLFLOW_TEST_SCRIPTED_HTTP_SERVER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mlflow::testing {

class ScriptedHttpServer {
 public:
  struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds delay{0};  // before answering
    bool close_without_answer = false;
    std::string raw;  // when set: these bytes instead of an HTTP answer, then the connection closes
  };
  struct Received {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& name) const {
      for (const auto& [k, v] : headers)
        if (k == name) return v;
      return {};
    }
  };

  ScriptedHttpServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0)
      std::abort();
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~ScriptedHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  // Answers after the script runs out: 200, empty body.
  void script(std::vector<Response> responses) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_.assign(responses.begin(), responses.end());
  }

  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::vector<Received> received() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      handle_connection(fd);
      ::close(fd);
    }
  }

  // Reads requests on one connection until the client closes it or a scripted close.
  void handle_connection(int fd) {
    std::string buffer;
    while (!stop_) {
      std::size_t header_end;
      while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!read_some(fd, buffer)) return;
      }
      Received request;
      std::string head = buffer.substr(0, header_end);
      buffer.erase(0, header_end + 4);
      std::size_t line_end = head.find("\r\n");
      std::string request_line = head.substr(0, line_end);
      request.method = request_line.substr(0, request_line.find(' '));
      request.target = request_line.substr(request.method.size() + 1,
                                           request_line.rfind(' ') - request.method.size() - 1);
      std::size_t content_length = 0;
      for (std::size_t pos = line_end; pos != std::string::npos && pos < head.size();) {
        std::size_t next = head.find("\r\n", pos + 2);
        std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
        pos = next;
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (name == "content-length") content_length = std::stoul(value);
        request.headers.emplace_back(name, value);
      }
      while (buffer.size() < content_length)
        if (!read_some(fd, buffer)) return;
      request.body = buffer.substr(0, content_length);
      buffer.erase(0, content_length);

      Response response;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.push_back(request);
        if (!script_.empty()) {
          response = script_.front();
          script_.pop_front();
        }
      }
      std::this_thread::sleep_for(response.delay);
      if (response.close_without_answer) return;
      if (!response.raw.empty()) {
        ::send(fd, response.raw.data(), response.raw.size(), MSG_NOSIGNAL);
        return;
      }
      std::string out = "HTTP/1.1 " + std::to_string(response.status) + " Scripted\r\n";
      for (const auto& [k, v] : response.headers) out += k + ": " + v + "\r\n";
      out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n" + response.body;
      if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0) return;
    }
  }

  bool read_some(int fd, std::string& buffer) {
    for (;;) {
      if (stop_) return false;
      pollfd p{fd, POLLIN, 0};
      int ready = ::poll(&p, 1, 50);
      if (ready == 0) continue;
      char chunk[65536];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::deque<Response> script_;
  std::vector<Received> received_;
};

}  // namespace mlflow::testing

#endif  // MLFLOW_TEST_SCRIPTED_HTTP_SERVER_H
