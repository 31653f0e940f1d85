// An exception nobody catches terminates the program. Without the plugin it terminates at its
// throw site (the search for a handler fails before anything is unwound), so a core dump, a
// debugger or a terminate handler sees the function that threw. The default handler of a traced
// function (exceptions=catch) is a handler: the stack unwinds to it, the exception is recorded
// and rethrown, and the program terminates at the rethrow, the throwing frames gone.
// exceptions=guard adds no handler, and the throw site stays on the stack, as without the plugin.
// The terminate handler below prints which of the program's functions are still on the stack.
// RUN: %clangxx -std=c++17 -O0 -rdynamic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -O0 -rdynamic -fplugin=%plugin %rtinc %s %rtlib -o %t.catch
// RUN: %clangxx -std=c++17 -O0 -rdynamic -fplugin=%plugin -fplugin-arg-mlflow-exceptions=guard %rtinc %s %rtlib -o %t.guard
// RUN: rm -rf %t.traces
// RUN: %t.plain | FileCheck %s --check-prefix=SITE
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.guard | FileCheck %s --check-prefix=SITE
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.catch | FileCheck %s --check-prefix=RETHROW
// SITE: on the stack at terminate: raise_error thrower caller main
// RETHROW: on the stack at terminate: caller main
#include <mlflow/trace.h>

#include <execinfo.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

[[gnu::noinline]] void raise_error() { throw std::runtime_error("nobody catches this"); }

MLFLOW_TRACE(TOOL) [[gnu::noinline]] int thrower(int x) {
  raise_error();
  return x;
}

MLFLOW_TRACE(AGENT) [[gnu::noinline]] int caller(int x) { return thrower(x) + 1; }

void on_terminate() {
  void* frames[64];
  int n = backtrace(frames, 64);
  char** names = backtrace_symbols(frames, n);
  std::string seen;
  for (int i = 0; i < n && names != nullptr; ++i) {
    // "<file>(<symbol>+0x<offset>) [<address>]": the symbol, mangled.
    const char* open = std::strchr(names[i], '(');
    std::string symbol = open != nullptr ? std::string(open + 1, std::strcspn(open + 1, "+)")) : "";
    for (const char* fn : {"raise_error", "thrower", "caller"})
      if (symbol.find(fn) != std::string::npos) seen += std::string(" ") + fn;
    if (symbol == "main") seen += " main";
  }
  std::printf("on the stack at terminate:%s\n", seen.c_str());
  std::fflush(stdout);
  _exit(0);
}

int main(int argc, char**) {
  std::set_terminate(on_terminate);
  return caller(argc);
}
