// stand_ins.h: cheap callees with the exact signatures of the client functions the plugin
// redirects, for measuring an adapter on its own (autolog_bench.cpp).
//
// Defined in their own file (stand_ins.cpp) and noinline, so that the benchmark's file sees only
// a declaration: the compiler can neither inline them nor fold their result into the caller.
// Each does a trivial amount of work (counts the call, adds up its arguments' sizes), the same
// whether it is called directly or through an adapter.
#ifndef MLFLOW_BENCH_AUTOLOG_STAND_INS_H
#define MLFLOW_BENCH_AUTOLOG_STAND_INS_H

#include <string>

#include <curl/curl.h>
#include <httplib.h>

namespace autolog_bench {

// CURLcode curl_easy_perform(CURL*)
[[gnu::noinline]] CURLcode stand_in_perform(CURL* handle);

// httplib::Client::Post(const std::string& path, const std::string& body,
//                       const std::string& content_type), as a member of a class of its own:
// the adapter takes any client type (it forwards the object), so the stand-in needs no
// httplib::Client (a real one would own sockets and threads).
class StandInClient {
 public:
  [[gnu::noinline]] httplib::Result Post(const std::string& path, const std::string& body,
                                         const std::string& content_type);
  unsigned long long bytes() const { return bytes_; }

 private:
  unsigned long long bytes_ = 0;
};

}  // namespace autolog_bench

#endif  // MLFLOW_BENCH_AUTOLOG_STAND_INS_H
