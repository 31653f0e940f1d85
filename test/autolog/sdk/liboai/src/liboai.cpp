// TEST DOUBLE, NOT THE SDK: the implementation behind test/autolog/sdk/liboai/include (part of
// the public interface of D7EAD/liboai at commit 1936bdc, see liboai.h). Written for this
// repository; nothing of the SDK's source is in it. Compiled without the plugin, as a prebuilt
// SDK is.
#include "../include/liboai.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

// --- Response -------------------------------------------------------------------------------------

liboai::Response::Response(std::string&& url, std::string&& content, std::string&& status_line,
                           std::string&& reason, long status_code, double elapsed) noexcept(false)
    : status_code(status_code), elapsed(elapsed), status_line(std::move(status_line)),
      content(std::move(content)), url(std::move(url)), reason(std::move(reason)) {
  try {
    this->raw_json = !this->content.empty() && this->content[0] == '{'
                         ? nlohmann::json::parse(this->content)
                         : nlohmann::json();
  } catch (nlohmann::json::parse_error& e) {
    throw liboai::exception::OpenAIException(e.what(), liboai::exception::EType::E_FAILURETOPARSE,
                                             "liboai::Response::Response(std::string&&, std::string&&, ...)");
  }
  this->CheckResponse();
}

namespace liboai {
std::ostream& operator<<(std::ostream& os, const Response& r) {
  return !r.raw_json.empty() ? os << r.raw_json.dump(4) : os << "null";
}
}  // namespace liboai

void liboai::Response::CheckResponse() const noexcept(false) {
  const char* where = "liboai::Response::CheckResponse()";
  if (this->status_code == 429)
    throw liboai::exception::OpenAIRateLimited(!this->reason.empty() ? this->reason : "Rate limited",
                                               liboai::exception::EType::E_RATELIMIT, where);
  if (this->status_code == 0)
    throw liboai::exception::OpenAIException("A connection error occurred",
                                             liboai::exception::EType::E_CONNECTIONERROR, where);
  if (this->status_code < 200 || this->status_code >= 300) {
    if (this->raw_json.contains("error"))
      throw liboai::exception::OpenAIException(this->raw_json["error"]["message"].get<std::string>(),
                                               liboai::exception::EType::E_APIERROR, where);
    throw liboai::exception::OpenAIException(
        !this->reason.empty() ? this->reason : "An unknown error occurred",
        liboai::exception::EType::E_BADREQUEST, where);
  }
}

// --- Authorization ----------------------------------------------------------------------------------

bool liboai::Authorization::SetKey(std::string_view key) noexcept {
  if (key.empty()) return false;
  this->openai_auth_headers_["Authorization"] = "Bearer " + std::string(key);
  return true;
}

bool liboai::Authorization::SetKeyEnv(std::string_view var) noexcept {
  if (var.empty()) return false;
  const char* key = std::getenv(std::string(var).c_str());
  return key != nullptr && this->SetKey(key);
}

bool liboai::Authorization::SetOrganization(std::string_view org) noexcept {
  if (org.empty()) return false;
  this->openai_auth_headers_["OpenAI-Organization"] = std::string(org);
  return true;
}

// --- netimpl: a proxy's credentials, a session's headers ---------------------------------------------

liboai::netimpl::components::EncodedAuthentication::~EncodedAuthentication() noexcept {
  SecureStringClear(username);
  SecureStringClear(password);
}

void liboai::netimpl::components::EncodedAuthentication::SecureStringClear(std::string& str) {
  // Overwritten through a volatile pointer, so that the stores are not removed as dead.
  volatile char* bytes = str.data();
  for (size_t i = 0; i < str.size(); ++i) bytes[i] = '\0';
  str.clear();
}

void liboai::netimpl::Session::SetOption(const components::Header& header) { SetHeader(header); }
void liboai::netimpl::Session::SetHeader(const components::Header& header) { header_ = header; }

// --- netimpl: one POST over libcurl -----------------------------------------------------------------

namespace {

size_t append_to(char* data, size_t size, size_t count, void* into) {
  static_cast<std::string*>(into)->append(data, size * count);
  return size * count;
}

size_t to_callback(char* data, size_t size, size_t count, void* write) {
  const auto& callback = *static_cast<const liboai::netimpl::components::WriteCallback*>(write);
  return callback(std::string(data, size * count)) ? size * count : 0;
}

}  // namespace

liboai::Response liboai::netimpl::Post(const std::string& url, const components::Header& headers,
                                       const std::string& body, const components::WriteCallback& write) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr)
    throw liboai::exception::OpenAIException("curl_easy_init() failed",
                                             liboai::exception::EType::E_CURLERROR,
                                             "liboai::netimpl::Session::Session()");
  curl_slist* list = nullptr;
  for (const auto& [name, value] : headers) list = curl_slist_append(list, (name + ": " + value).c_str());
  std::string response, header_text;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append_to);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &header_text);
  if (write.callback) {
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, to_callback);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &write);
  } else {
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  }
  CURLcode result = curl_easy_perform(curl);
  long status = 0;
  double elapsed = 0;
  char* effective = nullptr;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &elapsed);
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  std::string effective_url = effective != nullptr ? effective : "";
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (result != CURLE_OK)
    throw liboai::exception::OpenAIException(curl_easy_strerror(result),
                                             liboai::exception::EType::E_CURLERROR,
                                             "liboai::netimpl::Session::Perform()");
  // The status line ("HTTP/1.1 404 Not Found") and its reason.
  std::string status_line = header_text.substr(0, header_text.find("\r\n"));
  std::string reason;
  if (size_t first = status_line.find(' '); first != std::string::npos)
    if (size_t second = status_line.find(' ', first + 1); second != std::string::npos)
      reason = status_line.substr(second + 1);
  return liboai::Response(std::move(effective_url), std::move(response), std::move(status_line),
                          std::move(reason), status, elapsed);
}

// --- Conversation -----------------------------------------------------------------------------------

liboai::Conversation::Conversation() { this->_conversation["messages"] = nlohmann::json::array(); }
liboai::Conversation::Conversation(const Conversation& other) = default;
liboai::Conversation::Conversation(Conversation&& old) noexcept = default;
liboai::Conversation::Conversation(std::string_view system_data) : Conversation() {
  (void)this->SetSystemData(system_data);
}
liboai::Conversation::Conversation(std::string_view system_data, std::string_view user_data)
    : Conversation(system_data) {
  (void)this->AddUserData(user_data);
}
liboai::Conversation& liboai::Conversation::operator=(const Conversation& other) = default;
liboai::Conversation& liboai::Conversation::operator=(Conversation&& old) noexcept = default;

namespace liboai {
std::ostream& operator<<(std::ostream& os, const Conversation& conv) {
  return os << conv.GetRawConversation() << std::endl;
}
}  // namespace liboai

bool liboai::Conversation::SetSystemData(std::string_view data) & noexcept(false) {
  if (data.empty() || !this->_conversation["messages"].empty()) return false;
  this->_conversation["messages"].push_back({{"role", "system"}, {"content", data}});
  return true;
}

bool liboai::Conversation::AddUserData(std::string_view data) & noexcept(false) {
  if (data.empty()) return false;
  this->_conversation["messages"].push_back({{"role", "user"}, {"content", data}});
  return true;
}

bool liboai::Conversation::PopUserData() & noexcept(false) {
  auto& messages = this->_conversation["messages"];
  if (messages.empty() || messages.back()["role"] != "user") return false;
  messages.erase(messages.size() - 1);
  return true;
}

std::string liboai::Conversation::GetLastResponse() const & noexcept {
  const auto& messages = this->_conversation["messages"];
  if (!messages.empty() && messages.back()["role"].get<std::string>() == "assistant")
    return messages.back()["content"].get<std::string>();
  return "";
}

bool liboai::Conversation::Update(std::string_view history) & noexcept(false) {
  if (history.empty()) return false;
  nlohmann::json j = nlohmann::json::parse(history);
  if (!j.contains("choices")) return false;
  for (const auto& choice : j["choices"])
    if (choice.contains("message"))
      this->_conversation["messages"].push_back(
          {{"role", choice["message"]["role"]}, {"content", choice["message"]["content"]}});
  return true;
}

bool liboai::Conversation::Update(const Response& response) & noexcept(false) {
  return this->Update(response.content);
}

bool liboai::Conversation::AppendStreamData(std::string data) & noexcept(false) {
  std::string delta;
  bool completed = false;
  return !data.empty() && this->ParseStreamData(std::move(data), delta, completed);
}

bool liboai::Conversation::AppendStreamData(std::string data, std::string& delta, bool& completed) & noexcept(false) {
  return !data.empty() && this->ParseStreamData(std::move(data), delta, completed);
}

// Each "data: {...}" line's delta appended to a pending assistant message; "data: [DONE]" ends
// it. A line cut at the end of `data` waits for the next piece.
bool liboai::Conversation::ParseStreamData(std::string data, std::string& delta, bool& completed) {
  data = this->_last_incomplete_buffer + data;
  this->_last_incomplete_buffer.clear();
  auto& messages = this->_conversation["messages"];
  if (messages.empty() || !messages.back().contains("pending"))
    messages.push_back({{"role", ""}, {"content", ""}, {"pending", true}});
  std::istringstream lines(data);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    if (line.find("data: [DONE]") != std::string::npos) {
      messages.back().erase("pending");
      completed = true;
      continue;
    }
    if (line.rfind("data: ", 0) == 0) line.erase(0, 6);
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception&) {
      this->_last_incomplete_buffer = line;
      continue;
    }
    if (!j.contains("choices")) return false;
    if (j["choices"].empty() || !j["choices"][0].contains("delta")) continue;
    const auto& d = j["choices"][0]["delta"];
    if (d.contains("role")) messages.back()["role"] = d["role"];
    if (d.contains("content") && d["content"].is_string()) {
      std::string piece = d["content"].get<std::string>();
      messages.back()["content"] = messages.back()["content"].get<std::string>() + piece;
      delta += piece;
    }
  }
  return true;
}

std::string liboai::Conversation::GetRawConversation() const & noexcept {
  return this->_conversation.dump(4);
}

const nlohmann::json& liboai::Conversation::GetJSON() const & noexcept { return this->_conversation; }

const nlohmann::json& liboai::Conversation::GetFunctionsJSON() const & noexcept {
  return this->_functions.value();
}

// --- The components -------------------------------------------------------------------------------

namespace {

// The SDK's JsonConstructor: a key for each parameter that has a value.
class Body {
 public:
  template <class T>
  void put(const char* key, const T& value) {
    json_[key] = value;
  }
  template <class T>
  void put(const char* key, const std::optional<T>& value) {
    if (value) json_[key] = *value;
  }
  std::string dump() const { return json_.dump(4); }

 private:
  nlohmann::json json_;
};

liboai::netimpl::components::Header headers_with(const liboai::Authorization& auth) {
  liboai::netimpl::components::Header headers = {{"Content-Type", "application/json"}};
  for (const auto& header : auth.GetAuthorizationHeaders()) headers.insert(header);
  return headers;
}

}  // namespace

liboai::Response liboai::ChatCompletion::create(
    const std::string& model, Conversation& conversation, std::optional<std::string> function_call,
    std::optional<float> temperature, std::optional<float> top_p, std::optional<uint16_t> n,
    std::optional<ChatStreamCallback> stream, std::optional<std::vector<std::string>> stop,
    std::optional<uint16_t> max_tokens, std::optional<float> presence_penalty,
    std::optional<float> frequency_penalty,
    std::optional<std::unordered_map<std::string, int8_t>> logit_bias,
    std::optional<std::string> user) const& noexcept(false) {
  Body body;
  body.put("model", model);
  body.put("temperature", temperature);
  body.put("top_p", top_p);
  body.put("n", n);
  body.put("stop", stop);
  body.put("max_tokens", max_tokens);
  body.put("presence_penalty", presence_penalty);
  body.put("frequency_penalty", frequency_penalty);
  body.put("logit_bias", logit_bias);
  body.put("user", user);
  if (function_call) {
    if (*function_call == "none" || *function_call == "auto")
      body.put("function_call", *function_call);
    else
      body.put("function_call", nlohmann::json{{"name", *function_call}});
  }
  netimpl::components::WriteCallback write;
  if (stream) {
    body.put("stream", true);
    write = netimpl::components::WriteCallback(
        [stream, &conversation](std::string data, intptr_t userdata) -> bool {
          ChatStreamCallback callback = stream.value();
          return callback(data, userdata, conversation);
        });
  }
  if (conversation.GetJSON().contains("messages")) body.put("messages", conversation.GetJSON()["messages"]);
  if (conversation.HasFunctions()) body.put("functions", conversation.GetFunctionsJSON()["functions"]);
  return netimpl::Post(this->openai_root_ + "/chat/completions", headers_with(this->auth_),
                       body.dump(), write);
}

liboai::FutureResponse liboai::ChatCompletion::create_async(
    const std::string& model, Conversation& conversation, std::optional<std::string> function_call,
    std::optional<float> temperature, std::optional<float> top_p, std::optional<uint16_t> n,
    std::optional<ChatStreamCallback> stream, std::optional<std::vector<std::string>> stop,
    std::optional<uint16_t> max_tokens, std::optional<float> presence_penalty,
    std::optional<float> frequency_penalty,
    std::optional<std::unordered_map<std::string, int8_t>> logit_bias,
    std::optional<std::string> user) const& noexcept(false) {
  return std::async(std::launch::async, &liboai::ChatCompletion::create, this, model,
                    std::ref(conversation), function_call, temperature, top_p, n, stream, stop,
                    max_tokens, presence_penalty, frequency_penalty, logit_bias, user);
}

liboai::Response liboai::Completions::create(
    const std::string& model_id, std::optional<std::string> prompt, std::optional<std::string> suffix,
    std::optional<uint16_t> max_tokens, std::optional<float> temperature, std::optional<float> top_p,
    std::optional<uint16_t> n, std::optional<StreamCallback> stream, std::optional<uint8_t> logprobs,
    std::optional<bool> echo, std::optional<std::vector<std::string>> stop,
    std::optional<float> presence_penalty, std::optional<float> frequency_penalty,
    std::optional<uint16_t> best_of, std::optional<std::unordered_map<std::string, int8_t>> logit_bias,
    std::optional<std::string> user) const& noexcept(false) {
  Body body;
  body.put("model", model_id);
  body.put("prompt", prompt);
  body.put("suffix", suffix);
  body.put("max_tokens", max_tokens);
  body.put("temperature", temperature);
  body.put("top_p", top_p);
  body.put("n", n);
  if (stream && *stream) body.put("stream", true);
  body.put("logprobs", logprobs);
  body.put("echo", echo);
  body.put("stop", stop);
  body.put("presence_penalty", presence_penalty);
  body.put("frequency_penalty", frequency_penalty);
  body.put("best_of", best_of);
  body.put("logit_bias", logit_bias);
  body.put("user", user);
  return netimpl::Post(this->openai_root_ + "/completions", headers_with(this->auth_), body.dump(),
                       stream ? netimpl::components::WriteCallback(*stream)
                              : netimpl::components::WriteCallback());
}

liboai::FutureResponse liboai::Completions::create_async(
    const std::string& model_id, std::optional<std::string> prompt, std::optional<std::string> suffix,
    std::optional<uint16_t> max_tokens, std::optional<float> temperature, std::optional<float> top_p,
    std::optional<uint16_t> n, std::optional<StreamCallback> stream, std::optional<uint8_t> logprobs,
    std::optional<bool> echo, std::optional<std::vector<std::string>> stop,
    std::optional<float> presence_penalty, std::optional<float> frequency_penalty,
    std::optional<uint16_t> best_of, std::optional<std::unordered_map<std::string, int8_t>> logit_bias,
    std::optional<std::string> user) const& noexcept(false) {
  return std::async(std::launch::async, &liboai::Completions::create, this, model_id, prompt, suffix,
                    max_tokens, temperature, top_p, n, stream, logprobs, echo, stop,
                    presence_penalty, frequency_penalty, best_of, logit_bias, user);
}

liboai::Response liboai::Embeddings::create(const std::string& model_id,
                                            std::optional<std::string> input,
                                            std::optional<std::string> user) const& noexcept(false) {
  Body body;
  body.put("model", model_id);
  body.put("input", input);
  body.put("user", user);
  return netimpl::Post(this->openai_root_ + "/embeddings", headers_with(this->auth_), body.dump(),
                       netimpl::components::WriteCallback());
}

liboai::FutureResponse liboai::Embeddings::create_async(const std::string& model_id,
                                                        std::optional<std::string> input,
                                                        std::optional<std::string> user) const& noexcept(false) {
  return std::async(std::launch::async, &liboai::Embeddings::create, this, model_id, input, user);
}
