// recycling_allocation.h: a per-thread free list for the runtime's fixed-size records (span
// records, completed traces), so that starting a span allocates nothing in steady state.
//
// A class that inherits RecyclingAllocation<T> gets an operator new that takes a block from the
// calling thread's free list (falling back to ::operator new) and an operator delete that puts
// the block back on the calling thread's list (up to kMaxKept blocks; beyond, ::operator delete).
// Blocks come back to the thread that allocated them: completed traces are freed at home
// (home_thread_release.h), so the lists do not drift between threads. A thread's list is freed
// when the thread exits.
#ifndef MLFLOW_RUNTIME_RECYCLING_ALLOCATION_H
#define MLFLOW_RUNTIME_RECYCLING_ALLOCATION_H

#include <mlflow/version.h>

#include <cstddef>
#include <new>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

template <class T>
class RecyclingAllocation {
 public:
  static constexpr std::size_t kMaxKept = 4096;

  static void* operator new(std::size_t size) {
    static_assert(sizeof(T) >= sizeof(Block), "a recycled object must be able to hold a link");
    if (size == sizeof(T)) {
      FreeList& list = free_list();
      if (list.head != nullptr) {
        Block* block = list.head;
        list.head = block->next;
        --list.count;
        return block;
      }
    }
    return ::operator new(size);
  }

  static void operator delete(void* pointer, std::size_t size) noexcept {
    if (pointer == nullptr) return;
    if (size == sizeof(T)) {
      FreeList& list = free_list();
      if (list.alive && list.count < kMaxKept) {
        Block* block = static_cast<Block*>(pointer);
        block->next = list.head;
        list.head = block;
        ++list.count;
        return;
      }
    }
    ::operator delete(pointer);
  }

 private:
  struct Block {
    Block* next;
  };

  struct FreeList {
    Block* head = nullptr;
    std::size_t count = 0;
    bool alive = true;  // false while the thread's storage is being destroyed
    ~FreeList() {
      alive = false;
      while (head != nullptr) {
        Block* next = head->next;
        ::operator delete(head);
        head = next;
      }
    }
  };

  static FreeList& free_list() noexcept {
    thread_local FreeList list;
    return list;
  }
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_RECYCLING_ALLOCATION_H
