// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_BEARER_H
#define CPR_BEARER_H

#include <string>
#include <string_view>

namespace cpr {

class Bearer {
 public:
  Bearer(std::string_view token) : token_string_(token) {}
  virtual ~Bearer() = default;
  const char* GetToken() const noexcept { return token_string_.c_str(); }

 protected:
  std::string token_string_;
};

}  // namespace cpr

#endif
