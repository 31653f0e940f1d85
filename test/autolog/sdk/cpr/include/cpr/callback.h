// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_CALLBACK_H
#define CPR_CALLBACK_H

#include <cstdint>
#include <functional>
#include <string_view>

namespace cpr {

class WriteCallback {
 public:
  WriteCallback() = default;
  WriteCallback(std::function<bool(std::string_view data, intptr_t userdata)> p_callback, intptr_t p_userdata = 0)
      : userdata(p_userdata), callback(std::move(p_callback)) {}
  bool operator()(std::string_view data) const { return !callback || callback(data, userdata); }

  intptr_t userdata{};
  std::function<bool(std::string_view data, intptr_t userdata)> callback;
};

}  // namespace cpr

#endif
