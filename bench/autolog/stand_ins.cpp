// stand_ins.cpp: see stand_ins.h.
#include "stand_ins.h"

#include <memory>

namespace autolog_bench {

namespace {
unsigned long long g_performed = 0;
}  // namespace

CURLcode stand_in_perform(CURL* handle) {
  ++g_performed;
  return handle != nullptr ? CURLE_OK : CURLE_BAD_FUNCTION_ARGUMENT;
}

httplib::Result StandInClient::Post(const std::string& path, const std::string& body,
                                    const std::string& content_type) {
  bytes_ += path.size() + body.size() + content_type.size();
  // What a failed connection returns: no response, an error.
  return httplib::Result(std::unique_ptr<httplib::Response>(), httplib::Error::Connection);
}

}  // namespace autolog_bench
