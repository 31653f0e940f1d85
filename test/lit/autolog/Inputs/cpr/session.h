// Stands in for libcpr/cpr's cpr/session.h in the lit tests: its names, declarations only.
#ifndef CPR_SESSION_H
#define CPR_SESSION_H

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>

namespace cpr {
struct Url {
  Url(std::string url);
  const std::string& str() const;
};
struct Body {
  Body(std::string body);
  const std::string& str() const;
};
struct BodyView {
  BodyView(std::string_view body);
  std::string_view str() const;
};
struct Header {};
struct WriteCallback {
  WriteCallback(std::function<bool(std::string_view data, intptr_t userdata)> p_callback,
                intptr_t p_userdata = 0);
  intptr_t userdata{};
  std::function<bool(std::string_view data, intptr_t userdata)> callback;
};
struct Error {
  std::string message;
  explicit operator bool() const;
};
struct Response {
  long status_code{};
  std::string text;
  Error error;
};
using Content = std::variant<std::monostate, Body, BodyView>;
class Session {
 public:
  Session();
  template <class T>
  void SetOption(T&& option);
  const Content& GetContent() const;
  std::string GetFullRequestUrl();
  Response Post();
  Response Get();
};
}  // namespace cpr

#endif
