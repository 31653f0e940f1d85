// SIGTERM and SIGINT with the opt-in handler (MLFLOW_CPP_FLUSH_ON_SIGNAL=1, or
// mlflow::tracing::flush_on_signals()): the traces completed before the signal are exported,
// then the process ends by the signal as it would have. Without it, a signal's default action
// ends the process at once and the traces still queued are not written.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.term && env MLFLOW_CPP_TRACE_DIR=%t.term MLFLOW_CPP_FLUSH_ON_SIGNAL=1 not --crash %t TERM
// RUN: %mlflow_cpp show --no-color %t.term | FileCheck %s
// RUN: rm -rf %t.int && env MLFLOW_CPP_TRACE_DIR=%t.int not --crash %t INT api
// RUN: %mlflow_cpp show --no-color %t.int | FileCheck %s
// RUN: rm -rf %t.off && mkdir %t.off && env MLFLOW_CPP_TRACE_DIR=%t.off not --crash %t TERM
// RUN: %mlflow_cpp show --no-color %t.off 2>&1 | FileCheck %s --check-prefix=OFF
// OFF: no traces
// A program that ignores SIGINT still ignores it, with the handler on.
// RUN: rm -rf %t.ignored && env MLFLOW_CPP_TRACE_DIR=%t.ignored MLFLOW_CPP_FLUSH_ON_SIGNAL=1 %t INT ignore | FileCheck %s --check-prefix=IGNORED
#include <mlflow/trace.h>

#include <csignal>
#include <cstdio>
#include <cstring>

#include <unistd.h>

MLFLOW_TRACE(TOOL) int work(int x) { return x + 1; }

int main(int argc, char** argv) {
  const int signal = std::strcmp(argv[1], "TERM") == 0 ? SIGTERM : SIGINT;
  const bool api = argc > 2 && std::strcmp(argv[2], "api") == 0;
  const bool ignore = argc > 2 && std::strcmp(argv[2], "ignore") == 0;
  // (A shell may start the test with SIGINT ignored: the program says what it wants, before it
  // asks for the handler.)
  if (ignore) std::signal(signal, SIG_IGN);
  else if (signal == SIGINT) std::signal(signal, SIG_DFL);
  if (api && !mlflow::tracing::flush_on_signals()) return 2;
  work(41);
  kill(getpid(), signal);
  // The signal ends the process (after the flush, with the handler) before this completes.
  for (int i = 0; i < 50; ++i) usleep(100000);
  std::puts("still running");
  // IGNORED: still running
  return 0;
}
// CHECK: work [TOOL] OK {{.*}} in: {"x":41}  out: 42
