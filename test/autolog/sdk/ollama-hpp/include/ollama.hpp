// TEST DOUBLE, NOT THE SDK: reproduces the public interface of jmont-dev/ollama-hpp
// (include/ollama.hpp) at commit 539eba3, for mlflow-cpp's autolog tests. Written for this
// repository; nothing of the SDK's source is in it. Only the parts the tests use are here:
// ollama::{json, exception, invalid_json_exception, message_type, options, message, messages,
// request, response}, class ::Ollama's chat, generate and generate_embeddings (every overload,
// streaming ones included), setServerURL, setReadTimeout, setWriteTimeout, and the free functions
// of namespace ollama over the static singleton `ollama::ollama`. Behaviour kept: the request's
// JSON as the SDK builds it; "stream" forced to false / true by the non-streaming / streaming
// overloads (on the program's own request too, as the SDK does); NDJSON chunks re-assembled
// until they parse, the callback called once per object, false cancelling the stream (the call
// still returns true, as the SDK's); an error reply thrown as ollama::exception (a streamed chat
// checks each chunk; a streamed generation hands errors to the callback); no reply thrown as
// ollama::exception. Differences: HTTP through Debian's cpp-httplib 0.11.4 (the SDK bundles
// 0.15.3 with Post overloads taking a content receiver, which 0.11.4 lacks: streams go through
// Client::send with the request's content receiver instead), and nlohmann/json from the include
// path (the SDK bundles its own; the tests put nlohmann 3.12.0 there). Builds with -std=c++11.
#ifndef OLLAMA_HPP
#define OLLAMA_HPP

#include "httplib.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace ollama {

using json = nlohmann::json;

static bool use_exceptions = true;
static bool log_requests = false;
static bool log_replies = false;

static void allow_exceptions(bool enable) { use_exceptions = enable; }
static void show_requests(bool enable) { log_requests = enable; }
static void show_replies(bool enable) { log_replies = enable; }

enum class message_type { generation, chat, embedding };

class exception : public std::exception {
 private:
  std::string message;

 public:
  exception(const std::string& msg) : message(msg) {}
  const char* what() const noexcept override { return message.c_str(); }
};

class invalid_json_exception : public ollama::exception {
 public:
  using exception::exception;
};

class options : public json {
 public:
  options() : json() { this->emplace("options", nlohmann::json::object()); }
  nlohmann::json& operator[](const std::string& key) {
    if (!this->at("options").contains(key)) this->at("options").emplace(key, nlohmann::json::object());
    return this->at("options").at(key);
  }
  nlohmann::json& operator[](const char* key) { return this->operator[](std::string(key)); }
  const nlohmann::json& operator[](const std::string& key) const { return this->at("options").at(key); }
  const nlohmann::json& operator[](const char* key) const { return this->operator[](std::string(key)); }
};

class message : public json {
 public:
  message(const std::string& role, const std::string& content) : json() {
    (*this)["role"] = role;
    (*this)["content"] = content;
  }
  message() : json() {}
  ~message() {}
  std::string as_json_string() const { return this->dump(); }
  operator std::string() const { return this->as_json_string(); }
};

class messages : public std::vector<message> {
 public:
  messages() : std::vector<message>(0) {}
  messages(ollama::message message) : messages() { this->push_back(message); }
  messages(const std::initializer_list<message>& list) {
    for (const message& value : list) this->push_back(value);
  }
  ~messages() {}
  const std::vector<json> to_json() const {
    std::vector<json> output;
    for (const message& value : *this) output.push_back(value);
    return output;
  }
};

class request : public json {
 public:
  // A generation.
  request(const std::string& model, const std::string& prompt, const json& options = nullptr,
          bool stream = false, const std::vector<std::string>& images = std::vector<std::string>())
      : request() {
    (*this)["model"] = model;
    (*this)["prompt"] = prompt;
    (*this)["stream"] = stream;
    if (options != nullptr) (*this)["options"] = options["options"];
    if (!images.empty()) (*this)["images"] = images;
    type = message_type::generation;
  }
  // A chat.
  request(const std::string& model, const ollama::messages& messages, const json& options = nullptr,
          bool stream = false, const std::string& format = "json",
          const std::string& keep_alive_duration = "5m")
      : request() {
    (*this)["model"] = model;
    (*this)["messages"] = messages.to_json();
    (*this)["stream"] = stream;
    if (options != nullptr) (*this)["options"] = options["options"];
    (void)format;
    (*this)["keep_alive"] = keep_alive_duration;
    type = message_type::chat;
  }
  request(message_type type) : request() { this->type = type; }
  request() : json() {}
  ~request() {}

  static ollama::request from_embedding(const std::string& model, const std::string& input,
                                        const json& options = nullptr, bool truncate = true,
                                        const std::string& keep_alive_duration = "5m") {
    ollama::request request(message_type::embedding);
    request["model"] = model;
    request["input"] = input;
    if (options != nullptr) request["options"] = options["options"];
    request["truncate"] = truncate;
    request["keep_alive"] = keep_alive_duration;
    return request;
  }

  const message_type& get_type() const { return type; }

 private:
  message_type type = message_type::generation;
};

class response {
 public:
  response(const std::string& json_string, message_type type = message_type::generation)
      : json_string(json_string), type(type), valid(true) {
    try {
      json_data = json::parse(json_string);
      if (type == message_type::generation && json_data.contains("response"))
        simple_string = json_data["response"].get<std::string>();
      else if (type == message_type::chat && json_data.contains("message"))
        simple_string = json_data["message"]["content"].get<std::string>();
      if (json_data.contains("error")) error_string = json_data["error"].get<std::string>();
    } catch (...) {
      if (ollama::use_exceptions)
        throw ollama::invalid_json_exception("Unable to parse JSON string:" + this->json_string);
      valid = false;
    }
  }
  response() : type(message_type::generation), valid(false) {}
  ~response() {}

  bool is_valid() const { return valid; }
  const std::string& as_json_string() const { return json_string; }
  const json& as_json() const { return json_data; }
  const std::string& as_simple_string() const { return simple_string; }
  bool has_error() const { return json_data.contains("error"); }
  const std::string& get_error() const { return error_string; }
  friend std::ostream& operator<<(std::ostream& os, const ollama::response& response) {
    return os << response.as_simple_string();
  }
  const message_type& get_type() const { return type; }
  operator std::string() const { return this->as_simple_string(); }

 private:
  std::string json_string;
  std::string simple_string;
  std::string error_string;
  json json_data;
  message_type type;
  bool valid;
};

}  // namespace ollama

class Ollama {
  using json = nlohmann::json;

 public:
  Ollama(const std::string& url) {
    this->server_url = url;
    this->cli = new httplib::Client(url);
    this->setReadTimeout(120);
  }
  Ollama() : Ollama("http://localhost:11434") {}
  ~Ollama() { delete this->cli; }

  // --- generate ---
  ollama::response generate(const std::string& model, const std::string& prompt,
                            const ollama::response& context, const json& options = nullptr,
                            const std::vector<std::string>& images = std::vector<std::string>()) {
    ollama::request request(model, prompt, options, false, images);
    if (context.as_json().contains("context")) request["context"] = context.as_json()["context"];
    return generate(request);
  }
  ollama::response generate(const std::string& model, const std::string& prompt,
                            const json& options = nullptr,
                            const std::vector<std::string>& images = std::vector<std::string>()) {
    ollama::request request(model, prompt, options, false, images);
    return generate(request);
  }
  ollama::response generate(ollama::request& request) {
    request["stream"] = false;
    return reply(post("/api/generate", request.dump()), ollama::message_type::generation);
  }
  bool generate(const std::string& model, const std::string& prompt, ollama::response& context,
                std::function<bool(const ollama::response&)> on_receive_token,
                const json& options = nullptr,
                const std::vector<std::string>& images = std::vector<std::string>()) {
    ollama::request request(model, prompt, options, true, images);
    if (context.as_json().contains("context")) request["context"] = context.as_json()["context"];
    return generate(request, on_receive_token);
  }
  bool generate(const std::string& model, const std::string& prompt,
                std::function<bool(const ollama::response&)> on_receive_token,
                const json& options = nullptr,
                const std::vector<std::string>& images = std::vector<std::string>()) {
    ollama::request request(model, prompt, options, true, images);
    return generate(request, on_receive_token);
  }
  bool generate(ollama::request& request, std::function<bool(const ollama::response&)> on_receive_token) {
    request["stream"] = true;
    return stream("/api/generate", request.dump(), ollama::message_type::generation, false,
                  on_receive_token);
  }

  // --- chat ---
  ollama::response chat(const std::string& model, const ollama::messages& messages,
                        json options = nullptr, const std::string& format = "json",
                        const std::string& keep_alive_duration = "5m") {
    ollama::request request(model, messages, options, false, format, keep_alive_duration);
    return chat(request);
  }
  ollama::response chat(ollama::request& request) {
    request["stream"] = false;
    return reply(post("/api/chat", request.dump()), ollama::message_type::chat);
  }
  bool chat(const std::string& model, const ollama::messages& messages,
            std::function<bool(const ollama::response&)> on_receive_token,
            const json& options = nullptr, const std::string& format = "json",
            const std::string& keep_alive_duration = "5m") {
    ollama::request request(model, messages, options, true, format, keep_alive_duration);
    return chat(request, on_receive_token);
  }
  bool chat(ollama::request& request, std::function<bool(const ollama::response&)> on_receive_token) {
    request["stream"] = true;
    return stream("/api/chat", request.dump(), ollama::message_type::chat, true, on_receive_token);
  }

  // --- embeddings ---
  ollama::response generate_embeddings(const std::string& model, const std::string& input,
                                       const json& options = nullptr, bool truncate = true,
                                       const std::string& keep_alive_duration = "5m") {
    ollama::request request =
        ollama::request::from_embedding(model, input, options, truncate, keep_alive_duration);
    return generate_embeddings(request);
  }
  ollama::response generate_embeddings(ollama::request& request) {
    ollama::response response;
    httplib::Result res = post("/api/embed", request.dump());
    if (!res) {
      if (ollama::use_exceptions)
        throw ollama::exception("No response returned from server when pushing model: " +
                                httplib::to_string(res.error()));
      return response;
    }
    if (res->status == 200) return ollama::response(res->body, ollama::message_type::embedding);
    if (res->status == 404 && ollama::use_exceptions)
      throw ollama::exception("Model not found when trying to push (Code 404).");
    return response;
  }

  void setServerURL(const std::string& server_url) {
    this->server_url = server_url;
    delete this->cli;
    this->cli = new httplib::Client(server_url);
  }
  void setReadTimeout(const int seconds) { this->cli->set_read_timeout(seconds); }
  void setWriteTimeout(const int seconds) { this->cli->set_write_timeout(seconds); }

 private:
  httplib::Result post(const std::string& path, const std::string& body) {
    if (ollama::log_requests) std::cout << body << std::endl;
    return this->cli->Post(path.c_str(), body, "application/json");
  }

  ollama::response reply(const httplib::Result& res, ollama::message_type type) {
    ollama::response response;
    if (res) {
      if (ollama::log_replies) std::cout << res->body << std::endl;
      response = ollama::response(res->body, type);
      if (response.has_error() && ollama::use_exceptions)
        throw ollama::exception("Ollama response returned error: " + response.get_error());
    } else if (ollama::use_exceptions) {
      throw ollama::exception("No response returned from server " + this->server_url +
                              ". Error was: " + httplib::to_string(res.error()));
    }
    return response;
  }

  // A streamed reply: NDJSON pieces joined until they parse, one callback per object.
  bool stream(const std::string& path, const std::string& body, ollama::message_type type,
              bool check_errors, std::function<bool(const ollama::response&)> on_receive_token) {
    if (ollama::log_requests) std::cout << body << std::endl;
    std::shared_ptr<std::string> partial = std::make_shared<std::string>();
    httplib::Request request;
    request.method = "POST";
    request.path = path;
    request.headers.emplace("Content-Type", "application/json");
    request.body = body;
    request.content_receiver = [on_receive_token, partial, type, check_errors](
                                   const char* data, size_t length, uint64_t, uint64_t) -> bool {
      if (ollama::log_replies) std::cout << std::string(data, length) << std::endl;
      partial->append(data, length);
      bool continue_stream = true;
      try {
        ollama::response response(*partial, type);
        partial->clear();
        if (check_errors && response.has_error() && ollama::use_exceptions)
          throw ollama::exception("Ollama response returned error: " + response.get_error());
        continue_stream = on_receive_token(response);
      } catch (const ollama::invalid_json_exception&) {
        // Part of an object: joined with the next piece.
      }
      return continue_stream;
    };
    httplib::Result res = this->cli->send(request);
    if (res) return true;
    if (res.error() == httplib::Error::Canceled) return true;
    if (ollama::use_exceptions)
      throw ollama::exception("No response from server returned at URL " + this->server_url +
                              " Error: " + httplib::to_string(res.error()));
    return false;
  }

  std::string server_url;
  httplib::Client* cli;
};

namespace ollama {

static Ollama ollama;

inline void setServerURL(const std::string& server_url) { ollama.setServerURL(server_url); }
inline ollama::response generate(const std::string& model, const std::string& prompt,
                                 const json& options = nullptr,
                                 const std::vector<std::string>& images = std::vector<std::string>()) {
  return ollama.generate(model, prompt, options, images);
}
inline ollama::response generate(const std::string& model, const std::string& prompt,
                                 const ollama::response& context, const json& options = nullptr,
                                 const std::vector<std::string>& images = std::vector<std::string>()) {
  return ollama.generate(model, prompt, context, options, images);
}
inline ollama::response generate(ollama::request& request) { return ollama.generate(request); }
inline bool generate(const std::string& model, const std::string& prompt,
                     std::function<bool(const ollama::response&)> on_receive_response,
                     const json& options = nullptr,
                     const std::vector<std::string>& images = std::vector<std::string>()) {
  return ollama.generate(model, prompt, on_receive_response, options, images);
}
inline bool generate(const std::string& model, const std::string& prompt, ollama::response& context,
                     std::function<bool(const ollama::response&)> on_receive_response,
                     const json& options = nullptr,
                     const std::vector<std::string>& images = std::vector<std::string>()) {
  return ollama.generate(model, prompt, context, on_receive_response, options, images);
}
inline bool generate(ollama::request& request,
                     std::function<bool(const ollama::response&)> on_receive_response) {
  return ollama.generate(request, on_receive_response);
}
inline ollama::response chat(const std::string& model, const ollama::messages& messages,
                             const json& options = nullptr, const std::string& format = "json",
                             const std::string& keep_alive_duration = "5m") {
  return ollama.chat(model, messages, options, format, keep_alive_duration);
}
inline ollama::response chat(ollama::request& request) { return ollama.chat(request); }
inline bool chat(const std::string& model, const ollama::messages& messages,
                 std::function<bool(const ollama::response&)> on_receive_response,
                 const json& options = nullptr, const std::string& format = "json",
                 const std::string& keep_alive_duration = "5m") {
  return ollama.chat(model, messages, on_receive_response, options, format, keep_alive_duration);
}
inline bool chat(ollama::request& request,
                 std::function<bool(const ollama::response&)> on_receive_response) {
  return ollama.chat(request, on_receive_response);
}
inline ollama::response generate_embeddings(const std::string& model, const std::string& input,
                                            const json& options = nullptr, bool truncate = true,
                                            const std::string& keep_alive_duration = "5m") {
  return ollama.generate_embeddings(model, input, options, truncate, keep_alive_duration);
}
inline ollama::response generate_embeddings(ollama::request& request) {
  return ollama.generate_embeddings(request);
}
inline void setReadTimeout(const int& seconds) { ollama.setReadTimeout(seconds); }
inline void setWriteTimeout(const int& seconds) { ollama.setWriteTimeout(seconds); }

}  // namespace ollama

#endif  // OLLAMA_HPP
