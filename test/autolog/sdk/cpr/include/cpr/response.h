// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_RESPONSE_H
#define CPR_RESPONSE_H

#include <string>

#include "cpr/cprtypes.h"
#include "cpr/error.h"

namespace cpr {

class Response {
 public:
  long status_code{};
  std::string text;
  Header header;
  Url url;
  double elapsed{};
  Error error;
  std::string raw_header;
  std::string status_line;
  std::string reason;

  Response() = default;
  Response(const Response& other) = default;
  Response(Response&& old) noexcept = default;
  ~Response() noexcept = default;
  Response& operator=(Response&& old) noexcept = default;
  Response& operator=(const Response& other) = default;
};

}  // namespace cpr

#endif
