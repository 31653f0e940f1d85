// POSTs to LLM routes (and others) with libcpr/cpr (here its test double, test/autolog/sdk/cpr,
// a library compiled without the plugin), as a program that knows nothing of autolog would.
//
//   cpr_calls <base-url> <mode>...
//
// Each mode is one request, printing "status=<code> error=<cpr error code>" and the body the
// program received (or the pieces its write callback got, each followed by "|").
//   chat            cpr::Post(Url, Header, Bearer, Body) to /v1/chat/completions
//   reordered       cpr::Post(Body, Header, Url) with lvalue options
//   stream          a streamed chat through a cpr::WriteCallback
//   cancel          the same, the callback stopping after the first piece
//   session         cpr::Session: SetUrl, SetHeader, SetBody, Post()
//   session-view    the same with SetBodyView
//   ollama          cpr::Post to /api/chat
//   error           a chat with model "missing-model"
//   echo            cpr::Post to /v1/echo (not an LLM route)
//   get             cpr::Get of /health
//   agent           a chat inside the program's own traced function
#include <cpr/cpr.h>

#include <mlflow/trace.h>

#include <iostream>
#include <string>
#include <string_view>

namespace {

const std::string kChat =
    R"({"model":"tiny-chat","messages":[{"role":"system","content":"You are terse."},)"
    R"({"role":"user","content":"Say hi"}],"max_tokens":8})";
const std::string kStream =
    R"({"model":"tiny-chat","messages":[{"role":"user","content":"Say hi"}],"max_tokens":8,)"
    R"("stream":true,"stream_options":{"include_usage":true}})";

std::string base;

void print(const cpr::Response& r) {
  std::cout << "status=" << r.status_code << " error=" << static_cast<int>(r.error.code) << "\n"
            << r.text << "\n";
}

cpr::Header json_header() { return cpr::Header{{"Content-Type", "application/json"}}; }

MLFLOW_TRACE(AGENT) long ask() {
  cpr::Response r = cpr::Post(cpr::Url{base + "/v1/chat/completions"}, json_header(),
                              cpr::Bearer{"sk-cpr-SECRET-0005"}, cpr::Body{kChat});
  return r.status_code;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " <base-url> <mode>...\n";
    return 2;
  }
  base = argv[1];
  int failures = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string mode = argv[i];
    cpr::Response r;
    if (mode == "chat" || mode == "error") {
      std::string body = kChat;
      if (mode == "error") body.replace(body.find("tiny-chat"), 9, "missing-model");
      r = cpr::Post(cpr::Url{base + "/v1/chat/completions"}, json_header(),
                    cpr::Bearer{"sk-cpr-SECRET-0005"}, cpr::Body{body});
      print(r);
    } else if (mode == "reordered") {
      const cpr::Url url{base + "/v1/chat/completions"};
      cpr::Body body{kChat};
      cpr::Header header{{"Content-Type", "application/json"},
                         {"Authorization", "Bearer sk-cpr-SECRET-0005"}};
      r = cpr::Post(body, header, url);
      print(r);
    } else if (mode == "stream" || mode == "cancel") {
      const bool stop = mode == "cancel";
      int pieces = 0;
      r = cpr::Post(cpr::Url{base + "/v1/chat/completions"}, json_header(), cpr::Body{kStream},
                    cpr::WriteCallback{[&pieces, stop](std::string_view data, intptr_t) {
                      std::cout << data << "|";
                      return !(stop && ++pieces == 1);
                    }});
      std::cout << "\n";
      print(r);
    } else if (mode == "session" || mode == "session-view") {
      cpr::Session session;
      session.SetUrl(cpr::Url{base + "/v1/chat/completions"});
      session.SetHeader(json_header());
      session.SetBearer(cpr::Bearer{"sk-cpr-SECRET-0005"});
      if (mode == "session")
        session.SetBody(cpr::Body{kChat});
      else
        session.SetBodyView(cpr::BodyView{kChat});
      r = session.Post();
      print(r);
    } else if (mode == "ollama") {
      r = cpr::Post(cpr::Url{base + "/api/chat"}, json_header(),
                    cpr::Body{R"({"model":"tiny-llama","stream":false,)"
                              R"("messages":[{"role":"user","content":"Hi"}],)"
                              R"("options":{"num_predict":6}})"});
      print(r);
    } else if (mode == "echo") {
      r = cpr::Post(cpr::Url{base + "/v1/echo"}, json_header(), cpr::Body{R"({"ping":1})"});
      print(r);
    } else if (mode == "get") {
      r = cpr::Get(cpr::Url{base + "/health"});
      print(r);
    } else if (mode == "agent") {
      std::cout << "status=" << ask() << "\n";
    } else {
      std::cerr << "unknown mode " << mode << "\n";
      return 2;
    }
    if (r.error || r.status_code >= 400) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
