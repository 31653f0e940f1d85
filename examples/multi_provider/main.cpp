// multi_provider: one trace, three kinds of span, as MLflow's multi-framework example shows for
// Python. A manual span (the program's own, with the manual API) holds an in-process llama.cpp
// generation (examples/llama_agent/local_model.cpp) and an OpenAI-compatible HTTP call (libcurl)
// to a llama.cpp-based server; the plugin turns both model calls into CHAT_MODEL spans, each in
// its provider's shape (llama.cpp; openai), with nothing written at those calls.
//
//   multi_provider <model.gguf> <server-base-url>
#include <curl/curl.h>
#include <mlflow/capture.h>
#include <mlflow/trace.h>

#include <cstdio>
#include <exception>
#include <string>

#include "local_model.h"

namespace {

size_t append(char* bytes, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(bytes, size * count);
  return size * count;
}

// The same question to a llama.cpp server through its OpenAI-compatible API.
std::string ask_server(const std::string& base_url, const std::string& question) {
  std::string body = R"({"model":"server-model","max_tokens":16,"messages":[{"role":"user","content":")" +
                     question + R"("}]})";
  std::string response;
  std::string url = base_url + "/v1/chat/completions";
  CURL* curl = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return code == CURLE_OK ? response : std::string("(no reply: ") + curl_easy_strerror(code) + ")";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <model.gguf> <server-base-url>\n", argv[0]);
    return 2;
  }
  const std::string question = "Name a colour.";
  try {
    llama_agent::LocalModel model(argv[1], llama_agent::Options{});
    auto span = mlflow::start_span("compare_models", mlflow::SpanType::CHAIN);
    span.set_inputs({{"question", question}});
    std::string local = model.chat({{"user", question}}, 16).text;
    std::string remote = ask_server(argv[2], question);
    span.set_outputs({{"in_process", local}, {"server_bytes", remote.size()}});
    span.end();
    std::printf("in process: %s\nserver: %zu bytes\ntrace: %s\n", local.c_str(), remote.size(),
                mlflow::get_last_active_trace_id().value_or("none").c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "multi_provider: %s\n", e.what());
    return 1;
  }
  return 0;
}
