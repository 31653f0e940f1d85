// Traced code in a static object's destructor runs after main returned, after the main thread's
// thread_local objects were destroyed. Issue 11's reproducer: the span stack used to be one of
// them, and the destructor's span was pushed onto freed memory. Now the program prints and
// returns as without tracing, and the destructor's trace is delivered (the final flush runs
// after the program's static destructors).
// RUN: %clangxx -std=c++17 %s -o %t.plain
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-include=^rep:: %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out 2> %t.traced.err
// RUN: diff %t.plain.out %t.traced.out
// RUN: count 0 < %t.traced.err
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <cstdio>
namespace rep {
struct Client {
  int calls = 0;
  int ask(int x) { return ++calls + x; }
  ~Client() { std::printf("~Client after %d calls\n", calls); }
};
static Client client;
}
int main() { return rep::client.ask(1) == 2 ? 0 : 1; }
// CHECK-DAG: ask [UNKNOWN] OK {{.*}} in: {"x":1}  out: 2
// CHECK-DAG: ~Client [UNKNOWN] OK
