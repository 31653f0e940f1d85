// stack_trace.cpp: see stack_trace.h.
#include "support/stack_trace.h"

#include <cstdlib>
#include <memory>

#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// The module (shared object or executable) that contains `address`.
const void* module_of(const void* address) {
  Dl_info info{};
  return dladdr(address, &info) != 0 ? info.dli_fbase : nullptr;
}

}  // namespace

std::string current_stack_trace() {
  constexpr int kMaxFrames = 64;
  void* frames[kMaxFrames];
  int count = backtrace(frames, kMaxFrames);
  const void* runtime_module = module_of(reinterpret_cast<const void*>(&current_stack_trace));
  std::string text;
  int shown = 0;
  bool leading = true;  // still inside the runtime's own frames
  for (int i = 0; i < count; ++i) {
    Dl_info info{};
    if (dladdr(frames[i], &info) == 0) continue;
    std::string name = "??";
    if (info.dli_sname != nullptr) {
      int status = 0;
      std::unique_ptr<char, void (*)(void*)> demangled(
          abi::__cxa_demangle(info.dli_sname, nullptr, nullptr, &status), std::free);
      name = status == 0 ? demangled.get() : info.dli_sname;
    }
    std::string module = info.dli_fname != nullptr ? info.dli_fname : "?";
    if (leading) {
      bool in_shared_runtime =
          info.dli_fbase == runtime_module && module.find(".so") != std::string::npos;
      if (in_shared_runtime || name.rfind("mlflow::v0::", 0) == 0) continue;
      leading = false;
    }
    text += "#" + std::to_string(shown++) + " " + name + " in " + module + "\n";
  }
  return text;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
