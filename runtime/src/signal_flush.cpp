// signal_flush.cpp: the opt-in SIGTERM/SIGINT handler (mlflow::tracing::flush_on_signals, or
// MLFLOW_CPP_FLUSH_ON_SIGNAL=1): a process stopped by one of them first exports what it traced,
// within the flush deadline, and then ends as the signal would have ended it.
//
// A signal handler may do almost nothing (only async-signal-safe calls), so the handler only
// writes the signal's number to a pipe. A thread started with the handlers waits on that pipe,
// flushes the traces completed so far (MLFLOW_CPP_FLUSH_TIMEOUT_MS at most; spans still open on
// other threads, which keep running meanwhile, are not ended), puts back the disposition the
// program had before (the default action, or the program's own handler) and raises the signal
// again. Off unless asked for: a library should not take a process's signals.
#include <mlflow/tracing.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "runtime.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr int kSignals[] = {SIGTERM, SIGINT};
struct sigaction g_previous[2];
int g_pipe[2] = {-1, -1};
std::atomic<bool> g_installed{false};

void on_signal(int signal) {
  const unsigned char number = static_cast<unsigned char>(signal);
  const int saved = errno;
  // Async-signal-safe. A full pipe means a signal is already on its way: this one can go.
  [[maybe_unused]] ssize_t written = write(g_pipe[1], &number, 1);
  errno = saved;
}

void flush_then_resignal() noexcept {
  for (;;) {
    unsigned char number = 0;
    const ssize_t n = read(g_pipe[0], &number, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1) return;
    const int signal = number;
    Runtime::get().flush(Runtime::get().config().flush_timeout);
    for (std::size_t i = 0; i < std::size(kSignals); ++i)
      if (kSignals[i] == signal) sigaction(signal, &g_previous[i], nullptr);
    raise(signal);  // the program's own disposition, now: usually the default action, the end
  }
}

}  // namespace
}  // namespace detail

namespace tracing {

bool flush_on_signals() noexcept {
  using namespace detail;
  if (g_installed.exchange(true)) return true;
  try {
    if (pipe2(g_pipe, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category());
    std::thread(&flush_then_resignal).detach();
  } catch (...) {
    warn("could not set up the flush on SIGTERM/SIGINT (MLFLOW_CPP_FLUSH_ON_SIGNAL)");
    g_installed.store(false);
    return false;
  }
  struct sigaction action {};
  action.sa_handler = &on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (std::size_t i = 0; i < std::size(kSignals); ++i) {
    sigaction(kSignals[i], nullptr, &g_previous[i]);
    // A signal the program ignores stays ignored.
    if (g_previous[i].sa_handler == SIG_IGN) continue;
    sigaction(kSignals[i], &action, nullptr);
  }
  return true;
}

}  // namespace tracing

namespace detail {
namespace {
// MLFLOW_CPP_FLUSH_ON_SIGNAL=1: from the start, before main.
[[gnu::constructor]] void flush_on_signals_from_environment() noexcept {
  const char* value = std::getenv("MLFLOW_CPP_FLUSH_ON_SIGNAL");
  if (value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0 &&
      std::strcmp(value, "false") != 0)
    tracing::flush_on_signals();
}
}  // namespace
}  // namespace detail
MLFLOW_END_NAMESPACE
