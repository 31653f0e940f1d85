// thread_slot.h: one object of type T per thread, that outlives the thread.
//
// For per-thread state that other threads may still reach through a plain pointer after the
// thread has exited (a box that exported traces are returned to, the last trace a thread
// completed): such objects are never destroyed. A thread takes one from a pool on first use and
// returns it when it exits (after T::on_thread_exit(), if T has one), and the next new thread
// takes it over as it is. So a program that starts and ends threads all day keeps as many as
// it ever had threads at once, and nobody needs a reference count per use.
#ifndef MLFLOW_RUNTIME_THREAD_SLOT_H
#define MLFLOW_RUNTIME_THREAD_SLOT_H

#include <mlflow/version.h>

#include <mutex>
#include <new>
#include <utility>
#include <vector>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

template <class T>
class ThreadSlot {
 public:
  // The calling thread's object; null only when none could be allocated.
  static T* of_this_thread() noexcept {
    thread_local Holder holder;
    return holder.object;
  }

 private:
  struct Pool {
    std::mutex mutex;
    std::vector<T*> free;  // guarded by mutex
  };
  static Pool& pool() noexcept {
    static Pool* const instance = new Pool();  // never destroyed, like the objects
    return *instance;
  }

  struct Holder {
    T* object = nullptr;
    Holder() noexcept {
      Pool& p = pool();
      {
        std::lock_guard<std::mutex> lock(p.mutex);
        if (!p.free.empty()) {
          object = p.free.back();
          p.free.pop_back();
          return;
        }
      }
      object = new (std::nothrow) T();
    }
    ~Holder() {
      T* const returned = std::exchange(object, nullptr);  // later uses on this thread: none
      if (returned == nullptr) return;
      if constexpr (has_on_thread_exit<T>(0)) returned->on_thread_exit();
      Pool& p = pool();
      std::lock_guard<std::mutex> lock(p.mutex);
      try {
        p.free.push_back(returned);
      } catch (...) {  // out of memory: this one is not reused
      }
    }
  };

  template <class U>
  static constexpr auto has_on_thread_exit(int) -> decltype(std::declval<U&>().on_thread_exit(), true) {
    return true;
  }
  template <class U>
  static constexpr bool has_on_thread_exit(...) {
    return false;
  }
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_THREAD_SLOT_H
