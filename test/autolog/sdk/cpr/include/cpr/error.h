// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_ERROR_H
#define CPR_ERROR_H

#include <cstdint>
#include <string>

namespace cpr {

// cpr's codes mirror libcurl's; the ones this double produces (the rest: UNKNOWN_ERROR here).
enum class ErrorCode : uint16_t {
  OK = 0,
  UNSUPPORTED_PROTOCOL = 1,
  URL_MALFORMAT = 3,
  COULDNT_RESOLVE_HOST = 6,
  COULDNT_CONNECT = 7,
  WRITE_ERROR = 14,
  OPERATION_TIMEDOUT = 18,
  ABORTED_BY_CALLBACK = 25,
  GOT_NOTHING = 31,
  SEND_ERROR = 34,
  RECV_ERROR = 35,
  UNKNOWN_ERROR = 1000,
};

class Error {
 public:
  ErrorCode code = ErrorCode::OK;
  std::string message;

  Error() = default;
  Error(const std::int32_t& curl_code, std::string&& p_error_message)
      : code{getErrorCodeForCurlError(curl_code)}, message(std::move(p_error_message)) {}

  explicit operator bool() const { return code != ErrorCode::OK; }

 private:
  static ErrorCode getErrorCodeForCurlError(std::int32_t curl_code);
};

}  // namespace cpr

#endif
