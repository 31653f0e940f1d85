// spin_lock.h: a lock for critical sections of a few instructions that are almost never
// contended (a trace's span list: usually one thread per trace). Uncontended it costs one atomic
// exchange and one store, where std::mutex costs two library calls; contended, it spins briefly
// and then yields, so a preempted holder is not waited for at full speed. Meets Lockable, for
// std::lock_guard.
#ifndef MLFLOW_RUNTIME_SPIN_LOCK_H
#define MLFLOW_RUNTIME_SPIN_LOCK_H

#include <mlflow/version.h>

#include <atomic>
#include <thread>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class SpinLock {
 public:
  void lock() noexcept {
    for (int spins = 0; locked_.exchange(true, std::memory_order_acquire);) {
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        } else {
          std::this_thread::yield();
        }
      }
    }
  }
  bool try_lock() noexcept { return !locked_.exchange(true, std::memory_order_acquire); }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SPIN_LOCK_H
