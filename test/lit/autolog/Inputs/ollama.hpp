// Stands in for jmont-dev/ollama-hpp's ollama.hpp in the lit tests: its names and signatures,
// declarations only (and C++11), plus the free functions forwarding to the singleton, inline, as
// the SDK's do.
#ifndef OLLAMA_HPP
#define OLLAMA_HPP

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ollama {
using json = nlohmann::json;
class options : public json {};
class message : public json {
 public:
  message(const std::string& role, const std::string& content);
};
class messages : public std::vector<message> {
 public:
  messages(ollama::message message);
  const std::vector<json> to_json() const;
};
class request : public json {};
class response {
 public:
  response();
  const std::string& as_json_string() const;
  const json& as_json() const;
};
}  // namespace ollama

class Ollama {
  using json = nlohmann::json;

 public:
  Ollama(const std::string& url);
  ollama::response generate(const std::string& model, const std::string& prompt,
                            const ollama::response& context, const json& options = nullptr,
                            const std::vector<std::string>& images = std::vector<std::string>());
  ollama::response generate(const std::string& model, const std::string& prompt,
                            const json& options = nullptr,
                            const std::vector<std::string>& images = std::vector<std::string>());
  ollama::response generate(ollama::request& request);
  bool generate(const std::string& model, const std::string& prompt, ollama::response& context,
                std::function<bool(const ollama::response&)> on_receive_token,
                const json& options = nullptr,
                const std::vector<std::string>& images = std::vector<std::string>());
  bool generate(const std::string& model, const std::string& prompt,
                std::function<bool(const ollama::response&)> on_receive_token,
                const json& options = nullptr,
                const std::vector<std::string>& images = std::vector<std::string>());
  bool generate(ollama::request& request, std::function<bool(const ollama::response&)> on_receive_token);
  ollama::response chat(const std::string& model, const ollama::messages& messages,
                        json options = nullptr, const std::string& format = "json",
                        const std::string& keep_alive_duration = "5m");
  ollama::response chat(ollama::request& request);
  bool chat(const std::string& model, const ollama::messages& messages,
            std::function<bool(const ollama::response&)> on_receive_token,
            const json& options = nullptr, const std::string& format = "json",
            const std::string& keep_alive_duration = "5m");
  bool chat(ollama::request& request, std::function<bool(const ollama::response&)> on_receive_token);
  ollama::response generate_embeddings(const std::string& model, const std::string& input,
                                       const json& options = nullptr, bool truncate = true,
                                       const std::string& keep_alive_duration = "5m");
  ollama::response generate_embeddings(ollama::request& request);
};

namespace ollama {
static Ollama ollama("http://localhost:11434");
// The SDK forwarding to its singleton: inside its own header, never redirected.
inline ollama::response chat(const std::string& model, const ollama::messages& messages,
                             const json& options = nullptr, const std::string& format = "json",
                             const std::string& keep_alive_duration = "5m") {
  return ollama.chat(model, messages, options, format, keep_alive_duration);
}
inline bool chat(const std::string& model, const ollama::messages& messages,
                 std::function<bool(const ollama::response&)> on_receive_response,
                 const json& options = nullptr, const std::string& format = "json",
                 const std::string& keep_alive_duration = "5m") {
  return ollama.chat(model, messages, on_receive_response, options, format, keep_alive_duration);
}
inline ollama::response generate(const std::string& model, const std::string& prompt,
                                 const json& options = nullptr,
                                 const std::vector<std::string>& images = std::vector<std::string>()) {
  return ollama.generate(model, prompt, options, images);
}
inline ollama::response generate_embeddings(const std::string& model, const std::string& input,
                                            const json& options = nullptr, bool truncate = true,
                                            const std::string& keep_alive_duration = "5m") {
  return ollama.generate_embeddings(model, input, options, truncate, keep_alive_duration);
}
}  // namespace ollama

#endif
