// call_nesting.h: whether the calling thread is inside an LLM call's span.
//
// An SDK's call (ollama::chat) makes its HTTP request with a client autolog also redirects
// (cpp-httplib): the outer call is traced, the inner one must not be traced again. begin()
// therefore asks whether the thread already has an LLM call open, and opens one.
//
// A call may end on another thread than the one that began it (an SDK's asynchronous call
// ending in a callback), after that thread has exited even. So the count lives in a per-thread
// slot that outlives its thread (support/thread_slot.h) and carries a generation: a thread that
// exits starts a new one, and a call that ends later, anywhere, leaves the slot alone when its
// generation is gone (the slot may serve another thread by then). Count and generation share
// one atomic word, so that ending a call is one compare-and-swap.
#ifndef MLFLOW_RUNTIME_AUTOLOG_CALL_NESTING_H
#define MLFLOW_RUNTIME_AUTOLOG_CALL_NESTING_H

#include <mlflow/version.h>

#include <atomic>
#include <cstdint>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

class CallNesting {
 public:
  // One thread's open calls: the generation in the high 32 bits, the count in the low ones.
  struct Slot {
    std::atomic<std::uint64_t> word{0};
    void on_thread_exit() noexcept;  // a new generation, no open call
  };

  // What leave() needs; `slot` null when enter() could not count the call.
  struct Ticket {
    Slot* slot = nullptr;
    std::uint32_t generation = 0;
  };

  // Whether the calling thread has an LLM call open (true as well when the thread's slot could
  // not be allocated: no call is traced then, rather than one traced twice).
  static bool inside_call() noexcept;
  // The calling thread opens a call.
  static Ticket enter() noexcept;
  // The call of `ticket` ended, on any thread.
  static void leave(const Ticket& ticket) noexcept;
};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_CALL_NESTING_H
