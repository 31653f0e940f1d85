// autolog_agent: an agent whose LLM calls are traced without a line of tracing code. It asks a
// real LLM (the local llama.cpp server, test/llm_server) over HTTP, once through libcurl with
// the OpenAI chat API and a tool offered, once through cpp-httplib with Ollama's chat API; only
// its own functions are annotated (MLFLOW_TRACE). The plugin turns the two HTTP calls into
// CHAT_MODEL spans under the agent's span: one trace, with the token usage of both calls.
//
//   autolog_agent <llm-server-base-url>
//
// Prints the reply, the trace id and a line per LLM call's HTTP status.
#include <curl/curl.h>
#include <httplib.h>
#include <mlflow/trace.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

std::string g_base_url;

const char* const kQuestion = "How tall is the Eiffel Tower?";
const char* const kSystemPrompt = "You are a travel guide. Answer in one sentence.";

size_t append(char* bytes, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(bytes, size * count);
  return size * count;
}

// One OpenAI-style chat completion through libcurl, with a tool offered.
std::string ask_openai(const std::string& question) {
  std::string body =
      std::string(R"({"model":"guide-openai","max_tokens":12,"messages":[)") +
      R"({"role":"system","content":")" + kSystemPrompt + R"("},)" +
      R"({"role":"user","content":")" + question + R"("}],)" +
      R"("tools":[{"type":"function","function":{"name":"convert_units","description":"Converts metres to feet","parameters":{"type":"object","properties":{"value":{"type":"number"}},"required":["value"]}}}]})";
  std::string response;
  CURL* handle = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Authorization: Bearer sk-agent-SECRET-0003");
  std::string url = g_base_url + "/v1/chat/completions";
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response);
  CURLcode code = curl_easy_perform(handle);
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  std::printf("openai: curl=%d status=%ld\n", static_cast<int>(code), status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(handle);
  return response;
}

// One Ollama chat (not streamed) through cpp-httplib.
std::string ask_ollama(const std::string& question) {
  httplib::Client client(g_base_url);
  std::string body = std::string(R"({"model":"guide-ollama","stream":false,)") +
                     R"("options":{"num_predict":12},"messages":[{"role":"user","content":")" +
                     question + R"("}]})";
  httplib::Result result = client.Post("/api/chat", body, "application/json");
  std::printf("ollama: status=%d\n", result ? result->status : 0);
  return result ? result->body : std::string();
}

MLFLOW_TRACE(TOOL)
double convert_units(double value, const std::string& unit) {
  if (unit != "m") throw std::invalid_argument("unknown unit: " + unit);
  return value * 3.28084;
}

MLFLOW_TRACE(AGENT)
std::string answer(const std::string& question) {
  mlflow::TraceUpdate update;
  update.session_id = "autolog-session-1";
  update.user = "autolog-user";
  mlflow::update_current_trace(update);
  std::string from_openai = ask_openai(question);
  std::string from_ollama = ask_ollama(question);
  try {
    convert_units(330, "cubits");
  } catch (const std::invalid_argument&) {
  }
  return std::to_string(from_openai.size()) + " and " + std::to_string(from_ollama.size()) +
         " bytes of answers";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <llm-server-base-url>\n", argv[0]);
    return 2;
  }
  g_base_url = argv[1];
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::string reply = answer(kQuestion);
  std::printf("reply: %s\n", reply.c_str());
  std::printf("trace: %s\n", mlflow::get_last_active_trace_id().value_or("none").c_str());
  curl_global_cleanup();
  return 0;
}
