// Traced code in a thread's thread_local destructors, and a thread that is never joined: the
// program behaves as without tracing. The thread_local's trace is delivered; the detached
// thread may still be tracing when the process exits, and whatever it completed before the final
// flush is delivered, the rest counted and reported once, never written half.
// RUN: %clangxx -std=c++17 -pthread %s -o %t.plain
// RUN: %clangxx -std=c++17 -pthread -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: %rtinc %s %rtlib -o %t.traced
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out 2> %t.traced.err
// RUN: diff %t.plain.out %t.traced.out
// The spinning thread's traces that end after the final flush: reported at most once, and
// nothing else on stderr.
// RUN: not grep -v -x 'mlflow-cpp: warning: a trace completed after tracing shut down at exit; it was not exported' %t.traced.err
// RUN: sort %t.traced.err | uniq -d | count 0
// RUN: %mlflow_cpp show --no-color --name release %t.traces | FileCheck %s
// Every line of the store is a whole trace (never written half): the tool reads them all.
// RUN: %mlflow_cpp show --json %t.traces > %t.json
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

namespace app {
struct Session {
  int id = 0;
  ~Session() { release(id); }
  static void release(int id) { std::printf("released %d\n", id); }
};
thread_local Session session;

int spin(int n) { return n + 1; }
}  // namespace app

int main() {
  std::thread worker([] { app::session.id = 7; });
  worker.join();
  // Static: the detached thread goes on after main's frame is gone (AddressSanitizer:
  // stack-use-after-return when this lived on main's stack).
  static std::atomic<bool> started{false};
  std::thread([] {
    int n = 0;
    for (;;) {
      n = app::spin(n);
      started.store(true);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }).detach();
  while (!started.load()) {
  }
  std::puts("main returns");
}
// CHECK: release [UNKNOWN] OK {{.*}} in: {"id":7}
