// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_BODY_H
#define CPR_BODY_H

#include <string>
#include <string_view>

#include "cpr/cprtypes.h"

namespace cpr {

class Body : public StringHolder<Body> {
 public:
  Body() = default;
  Body(std::string body) : StringHolder<Body>(std::move(body)) {}
  Body(std::string_view body) : StringHolder<Body>(body) {}
  Body(const char* body) : StringHolder<Body>(body) {}
  Body(const char* str, size_t len) : StringHolder<Body>(str, len) {}
};

}  // namespace cpr

#endif
