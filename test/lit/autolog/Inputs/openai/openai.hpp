// Stands in for olrea/openai-cpp's openai/openai.hpp in the lit tests: its names and signatures,
// declarations only, plus one inline helper that calls the SDK (and libcurl) from inside the
// header, as the SDK's own code does.
#ifndef OPENAI_HPP_
#define OPENAI_HPP_

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <string>

namespace openai {
namespace _detail {
using Json = nlohmann::json;
class OpenAI;
struct CategoryModel {
  Json list();
};
struct CategoryChat {
  Json create(Json input);
};
struct CategoryCompletion {
  Json create(Json input);
};
struct CategoryEmbedding {
  Json create(Json input);
};
class OpenAI {
 public:
  OpenAI(const std::string& token = "", const std::string& organization = "",
         bool throw_exception = true, const std::string& api_base_url = "",
         const std::string& beta = "");
  Json post(const std::string& suffix, const Json& json,
            const std::string& contentType = "application/json");
  CategoryModel model;
  CategoryChat chat;
  CategoryCompletion completion;
  CategoryEmbedding embedding;
};
OpenAI& start(const std::string& token = "", const std::string& organization = "",
              bool throw_exception = true, const std::string& api_base_url = "");
CategoryChat& chat();
CategoryCompletion& completion();
CategoryEmbedding& embedding();

// The SDK calling itself: never redirected.
inline Json ask_twice(const Json& request, CURL* handle) {
  curl_easy_perform(handle);
  chat().create(request);
  return chat().create(request);
}
}  // namespace _detail
using _detail::chat;
using _detail::completion;
using _detail::embedding;
using _detail::Json;
using _detail::OpenAI;
using _detail::start;
}  // namespace openai

#endif
