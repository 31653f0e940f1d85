// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_CPR_TYPES_H
#define CPR_CPR_TYPES_H

#include <map>
#include <string>
#include <string_view>

namespace cpr {

// Case-insensitive header names, as cpr's.
struct CaseInsensitiveCompare {
  bool operator()(const std::string& a, const std::string& b) const noexcept;
};
using Header = std::map<std::string, std::string, CaseInsensitiveCompare>;

template <class T>
class StringHolder {
 public:
  StringHolder() = default;
  explicit StringHolder(std::string str) : str_(std::move(str)) {}
  explicit StringHolder(std::string_view str) : str_(str) {}
  explicit StringHolder(const char* str) : str_(str) {}
  StringHolder(const char* str, size_t len) : str_(str, len) {}
  const std::string& str() { return str_; }
  [[nodiscard]] const std::string& str() const { return str_; }
  [[nodiscard]] const char* c_str() const { return str_.c_str(); }

 protected:
  std::string str_{};
};

class Url : public StringHolder<Url> {
 public:
  Url() = default;
  Url(std::string url) : StringHolder<Url>(std::move(url)) {}
  Url(std::string_view url) : StringHolder<Url>(url) {}
  Url(const char* url) : StringHolder<Url>(url) {}
  Url(const char* str, size_t len) : StringHolder<Url>(std::string(str, len)) {}
};

}  // namespace cpr

#endif
