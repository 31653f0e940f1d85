// TEST DOUBLE, NOT THE SDK: reproduces the public interface of olrea/openai-cpp
// (include/openai/openai.hpp) at commit 9554a4d, for mlflow-cpp's autolog tests. Written for
// this repository; nothing of the SDK's source is in it. Only the parts the tests use are here:
// openai::_detail::{Json, OpenAI, CategoryChat, CategoryCompletion, CategoryEmbedding,
// CategoryModel}, the singleton accessors and the re-exports into openai. Behaviour kept: POST
// <base URL><route> over libcurl with "Authorization: Bearer <token>", the base URL from the
// constructor or OPENAI_API_BASE (+ "/"), std::runtime_error for a failed transfer and for a
// body with an "error" member (its what() the error's JSON), or a message on std::cerr when
// exceptions are off. nlohmann/json comes from the include path: the SDK bundles its own copy,
// and the tests put nlohmann 3.12.0 there, not Debian's 3.11.2.
#ifndef OPENAI_HPP_
#define OPENAI_HPP_

#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

namespace openai {
namespace _detail {

using Json = nlohmann::json;

struct Response {
  std::string text;
  bool is_error;
  std::string error_message;
};

// One libcurl easy handle per OpenAI instance.
class Session {
 public:
  explicit Session(bool throw_exception) : throw_exception_{throw_exception} {
    curl_global_init(CURL_GLOBAL_ALL);
    curl_ = curl_easy_init();
    if (curl_ == nullptr) throw std::runtime_error("curl cannot initialize");
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  }
  ~Session() {
    curl_easy_cleanup(curl_);
    curl_global_cleanup();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void setUrl(const std::string& url) { url_ = url; }
  void setToken(const std::string& token, const std::string& organization) {
    token_ = token;
    organization_ = organization;
  }
  void setBody(const std::string& data) {
    body_ = data;
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_.size()));
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body_.data());
  }
  Response getPrepare() {
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    return makeRequest();
  }
  Response postPrepare(const std::string& contentType = "") { return makeRequest(contentType); }

 private:
  static size_t writeFunction(void* ptr, size_t size, size_t nmemb, std::string* data) {
    data->append(static_cast<char*>(ptr), size * nmemb);
    return size * nmemb;
  }
  Response makeRequest(const std::string& contentType = "") {
    std::lock_guard<std::mutex> lock(mutex_);
    curl_slist* headers = nullptr;
    if (!contentType.empty())
      headers = curl_slist_append(headers, ("Content-Type: " + contentType).c_str());
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token_).c_str());
    if (!organization_.empty())
      headers = curl_slist_append(headers, ("OpenAI-Organization: " + organization_).c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
    std::string response;
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, writeFunction);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response);
    CURLcode result = curl_easy_perform(curl_);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    if (result != CURLE_OK) {
      std::string message = "OpenAI curl_easy_perform() failed: " + std::string{curl_easy_strerror(result)};
      if (throw_exception_) throw std::runtime_error(message);
      std::cerr << message << '\n';
      return {response, true, message};
    }
    return {response, false, ""};
  }

  CURL* curl_;
  std::string url_, token_, organization_, body_;
  bool throw_exception_;
  std::mutex mutex_;
};

class OpenAI;

// https://platform.openai.com/docs/api-reference/models
struct CategoryModel {
  Json list();
  CategoryModel(OpenAI& openai) : openai_{openai} {}

 private:
  OpenAI& openai_;
};

// POST completions
struct CategoryCompletion {
  Json create(Json input);
  CategoryCompletion(OpenAI& openai) : openai_{openai} {}

 private:
  OpenAI& openai_;
};

// POST chat/completions
struct CategoryChat {
  Json create(Json input);
  CategoryChat(OpenAI& openai) : openai_{openai} {}

 private:
  OpenAI& openai_;
};

// POST embeddings
struct CategoryEmbedding {
  Json create(Json input);
  CategoryEmbedding(OpenAI& openai) : openai_{openai} {}

 private:
  OpenAI& openai_;
};

class OpenAI {
 public:
  OpenAI(const std::string& token = "", const std::string& organization = "",
         bool throw_exception = true, const std::string& api_base_url = "",
         const std::string& beta = "")
      : session_{throw_exception}, token_{token}, organization_{organization},
        throw_exception_{throw_exception} {
    (void)beta;
    if (token_.empty())
      if (const char* env = std::getenv("OPENAI_API_KEY")) token_ = env;
    if (!api_base_url.empty())
      base_url = api_base_url;
    else if (const char* env = std::getenv("OPENAI_API_BASE"))
      base_url = std::string{env} + "/";
    else
      base_url = "https://api.openai.com/v1/";
    session_.setUrl(base_url);
    session_.setToken(token_, organization_);
  }
  OpenAI(const OpenAI&) = delete;
  OpenAI& operator=(const OpenAI&) = delete;
  OpenAI(OpenAI&&) = delete;
  OpenAI& operator=(OpenAI&&) = delete;

  void setToken(const std::string& token = "", const std::string& organization = "") {
    session_.setToken(token, organization);
  }
  void setThrowException(bool throw_exception) { throw_exception_ = throw_exception; }

  Json post(const std::string& suffix, const std::string& data, const std::string& contentType) {
    session_.setUrl(base_url + suffix);
    session_.setBody(data);
    Response response = session_.postPrepare(contentType);
    if (response.is_error) trigger_error(response.error_message);
    return parsed(response.text);
  }
  Json get(const std::string& suffix, const std::string& data = "") {
    (void)data;
    session_.setUrl(base_url + suffix);
    Response response = session_.getPrepare();
    if (response.is_error) trigger_error(response.error_message);
    return parsed(response.text);
  }
  Json post(const std::string& suffix, const Json& json,
            const std::string& contentType = "application/json") {
    return post(suffix, json.dump(), contentType);
  }

  void setBaseUrl(const std::string& url) { base_url = url; }
  std::string getBaseUrl() const { return base_url; }

 private:
  std::string base_url;

  Json parsed(const std::string& text) {
    Json json{};
    if (!Json::accept(text)) return json;
    json = Json::parse(text);
    if (json.count("error")) trigger_error(json["error"].dump());
    return json;
  }
  void trigger_error(const std::string& msg) {
    if (throw_exception_) throw std::runtime_error(msg);
    std::cerr << "[OpenAI] error. Reason: " << msg << '\n';
  }

 public:
  CategoryModel model{*this};
  CategoryCompletion completion{*this};
  CategoryEmbedding embedding{*this};
  CategoryChat chat{*this};

 private:
  Session session_;
  std::string token_;
  std::string organization_;
  bool throw_exception_;
};

inline OpenAI& start(const std::string& token = "", const std::string& organization = "",
                     bool throw_exception = true, const std::string& api_base_url = "") {
  static OpenAI instance{token, organization, throw_exception, api_base_url};
  return instance;
}
inline OpenAI& instance() { return start(); }
inline Json post(const std::string& suffix, const Json& json) { return instance().post(suffix, json); }
inline Json get(const std::string& suffix) { return instance().get(suffix); }
inline CategoryModel& model() { return instance().model; }
inline CategoryCompletion& completion() { return instance().completion; }
inline CategoryEmbedding& embedding() { return instance().embedding; }
inline CategoryChat& chat() { return instance().chat; }

inline Json CategoryModel::list() { return openai_.get("models"); }
inline Json CategoryCompletion::create(Json input) { return openai_.post("completions", input); }
inline Json CategoryChat::create(Json input) { return openai_.post("chat/completions", input); }
inline Json CategoryEmbedding::create(Json input) { return openai_.post("embeddings", input); }

}  // namespace _detail

using _detail::OpenAI;
using _detail::start;
using _detail::instance;
using _detail::post;
using _detail::get;
using _detail::model;
using _detail::completion;
using _detail::embedding;
using _detail::chat;
using _detail::Json;

}  // namespace openai

#endif  // OPENAI_HPP_
