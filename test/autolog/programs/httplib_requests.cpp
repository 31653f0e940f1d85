// Makes the requests given on the command line with cpp-httplib, as a program that knows
// nothing of tracing would: nothing of mlflow-cpp is included.
//
//   httplib_requests <base-url> <path> <body> [<path> <body>]...
//
// Each request is a POST of <body> (JSON text) with an API key header; the response goes to
// stdout, then a line "status=<http status>" (or "error=<httplib error>"). MODE=stream: the
// request is sent with Client::send and a content receiver that prints each piece as it comes;
// MODE=pointer: Post(path, headers, const char*, size_t, type) through a pointer to the client.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

int main(int argc, char** argv) {
  if (argc < 4 || (argc - 2) % 2 != 0) {
    std::fprintf(stderr, "usage: %s <base-url> <path> <body> [<path> <body>]...\n", argv[0]);
    return 2;
  }
  const char* mode_env = std::getenv("MODE");
  std::string mode = mode_env != nullptr ? mode_env : "";
  auto client = std::make_unique<httplib::Client>(argv[1]);
  client->set_read_timeout(60, 0);
  httplib::Headers headers{{"Authorization", "Bearer sk-autolog-test-SECRET-0001"}};
  int failures = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string path = argv[i];
    std::string body = argv[i + 1];
    if (mode == "stream") {
      httplib::Request request;
      request.method = "POST";
      request.path = path;
      request.headers = headers;
      request.body = body;
      request.set_header("Content-Type", "application/json");
      int pieces = 0;
      request.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
        ++pieces;
        std::fwrite(data, 1, size, stdout);
        return true;
      };
      httplib::Result result = client->send(request);
      if (result)
        std::printf("\nstatus=%d pieces>0=%d\n", result->status, pieces > 0);
      else
        std::printf("\nerror=%s\n", httplib::to_string(result.error()).c_str());
      if (!result || result->status >= 400) ++failures;
    } else {
      httplib::Result result =
          mode == "pointer"
              ? client->Post(path.c_str(), headers, body.data(), body.size(), "application/json")
              : client->Post(path, headers, body, "application/json");
      if (result)
        std::printf("%s\nstatus=%d\n", result->body.c_str(), result->status);
      else
        std::printf("error=%s\n", httplib::to_string(result.error()).c_str());
      if (!result || result->status >= 400) ++failures;
    }
    std::fflush(stdout);
  }
  return failures == 0 ? 0 : 1;
}
