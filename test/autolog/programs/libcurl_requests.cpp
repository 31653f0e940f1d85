// Makes the requests given on the command line with libcurl's easy API, on one handle, as a
// program that knows nothing of tracing would: nothing of mlflow-cpp is included.
//
//   libcurl_requests <base-url> <path> <body> [<path> <body>]...
//
// Each request is a POST of <body> (JSON text) to <base-url><path> with an API key in the
// Authorization header; the response body goes to stdout through the program's own write
// callback (with MODE=default-writer: libcurl's default writer, straight to stdout), then a line
// "curl=<code> status=<http status>". MODE=stop-early: the write callback refuses the second
// piece of a response (the program cancels a stream).
#include <curl/curl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

struct Sink {
  std::string text;
  int pieces = 0;
  bool stop_early = false;
};

size_t write_body(char* bytes, size_t size, size_t count, void* user) {
  Sink& sink = *static_cast<Sink*>(user);
  if (sink.stop_early && sink.pieces == 1) return 0;
  ++sink.pieces;
  sink.text.append(bytes, size * count);
  return size * count;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || (argc - 2) % 2 != 0) {
    std::fprintf(stderr, "usage: %s <base-url> <path> <body> [<path> <body>]...\n", argv[0]);
    return 2;
  }
  const char* mode = std::getenv("MODE");
  bool default_writer = mode != nullptr && std::strcmp(mode, "default-writer") == 0;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* handle = curl_easy_init();
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Authorization: Bearer sk-autolog-test-SECRET-0001");
  headers = curl_slist_append(headers, "x-api-key: sk-ant-autolog-test-SECRET-0002");
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  int failures = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string url = std::string(argv[1]) + argv[i];
    Sink sink;
    sink.stop_early = mode != nullptr && std::strcmp(mode, "stop-early") == 0;
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, argv[i + 1]);
    if (!default_writer) {
      curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_body);
      curl_easy_setopt(handle, CURLOPT_WRITEDATA, &sink);
    }
    CURLcode code = curl_easy_perform(handle);
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    std::fputs(sink.text.c_str(), stdout);
    std::printf("\ncurl=%d status=%ld\n", static_cast<int>(code), status);
    std::fflush(stdout);
    if (code != CURLE_OK || status >= 400) ++failures;
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(handle);
  curl_global_cleanup();
  return failures == 0 ? 0 : 1;
}
