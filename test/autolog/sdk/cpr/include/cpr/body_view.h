// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_BODY_VIEW_H
#define CPR_BODY_VIEW_H

#include <string_view>

namespace cpr {

class BodyView final {
 public:
  BodyView() = default;
  BodyView(std::string_view body) : m_body(body) {}
  BodyView(const char* body) : m_body(body) {}
  BodyView(const char* str, size_t len) : m_body(str, len) {}
  [[nodiscard]] std::string_view str() const { return m_body; }

 private:
  std::string_view m_body;
};

}  // namespace cpr

#endif
