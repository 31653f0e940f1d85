// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_SESSION_H
#define CPR_SESSION_H

#include <memory>
#include <string>
#include <variant>

#include "cpr/bearer.h"
#include "cpr/body.h"
#include "cpr/body_view.h"
#include "cpr/callback.h"
#include "cpr/cprtypes.h"
#include "cpr/response.h"

namespace cpr {

// The real Content also holds Payload and Multipart (not reproduced).
using Content = std::variant<std::monostate, cpr::Body, cpr::BodyView>;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session();
  Session(const Session& other) = delete;
  Session(Session&& old) = delete;
  ~Session();
  Session& operator=(Session&& old) noexcept = delete;
  Session& operator=(const Session& other) = delete;

  void SetUrl(const Url& url);
  void SetHeader(const Header& header);
  void UpdateHeader(const Header& header);
  [[nodiscard]] Header& GetHeader();
  [[nodiscard]] const Header& GetHeader() const;
  void SetBearer(const Bearer& token);
  void SetBody(Body&& body);
  void SetBody(const Body& body);
  void SetBodyView(BodyView body);
  void SetWriteCallback(const WriteCallback& write);
  [[nodiscard]] const Content& GetContent() const;
  void RemoveContent();

  // Used in templated functions
  void SetOption(const Url& url);
  void SetOption(const Header& header);
  void SetOption(const Bearer& auth);
  void SetOption(Body&& body);
  void SetOption(const Body& body);
  void SetOption(BodyView body);
  void SetOption(const WriteCallback& write);

  Response Get();
  Response Post();

  std::string GetFullRequestUrl();

 private:
  Response makeRequest(bool post);

  Content content_{std::monostate{}};
  Url url_;
  Header header_;
  std::string bearer_;
  WriteCallback writecb_;
};

}  // namespace cpr

#endif
