// Secrets never leave the process in trace-everything mode (issue 15): a header set as two
// arguments, SetHeader("Authorization", "Bearer sk-...") or SetHeader("X-Api-Key", "abc123"),
// names the secret in one argument and holds it in the next. A string argument that follows
// one naming a secret is masked, and so is a bearer token whatever its parameter's name;
// other headers stay.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include='^http::' %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: not grep -rF 'Ab3dEf6hIj9kLm2nOp5q' %t.traces
// RUN: not grep -rF 'abc123' %t.traces
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <cstdio>
#include <map>
#include <string>

namespace http {
class Request {
 public:
  void SetHeader(const std::string& name, const std::string& value) { headers_[name] = value; }
  std::size_t size() const { return headers_.size(); }

 private:
  std::map<std::string, std::string> headers_;
};
}  // namespace http

int main() {
  http::Request request;
  request.SetHeader("Authorization", "Bearer sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv");
  request.SetHeader("X-Api-Key", "abc123");
  request.SetHeader("Accept", "application/json");
  std::printf("%zu\n", request.size());
  // OUT: 3
}
// CHECK-DAG: SetHeader [UNKNOWN] OK {{.*}}  in: {"name":"Authorization","value":"***"}
// CHECK-DAG: SetHeader [UNKNOWN] OK {{.*}}  in: {"name":"X-Api-Key","value":"***"}
// CHECK-DAG: SetHeader [UNKNOWN] OK {{.*}}  in: {"name":"Accept","value":"application/json"}
