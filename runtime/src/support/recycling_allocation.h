// recycling_allocation.h: per-thread free lists for the runtime's fixed-size records (span
// records, completed traces, trace states), so that starting a span allocates nothing in
// steady state.
//
// BlockPool<Size> keeps, per thread, up to kMaxKept freed blocks of one size: take() pops one
// (or falls back to ::operator new), give() pushes one back (or ::operator delete beyond the
// cap). Blocks come back to the thread that allocated them in the usual case: completed traces
// are freed at home (home_thread_release.h), and a trace's state with its last span frame. A
// thread's blocks are freed when the thread exits.
//
//   RecyclingAllocation<T>  a base class giving T a recycling operator new/delete
//   RecyclingAllocator<T>   the same as an allocator, for std::allocate_shared
//   RecyclingArrayAllocator<T, N>  an allocator recycling arrays of up to N elements, for a
//                           std::vector that usually stays that small (a trace's span list)
#ifndef MLFLOW_RUNTIME_RECYCLING_ALLOCATION_H
#define MLFLOW_RUNTIME_RECYCLING_ALLOCATION_H

#include <mlflow/version.h>

#include <cstddef>
#include <new>
#include <utility>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

template <std::size_t Size>
class BlockPool {
 public:
  static constexpr std::size_t kMaxKept = 8192;
  static_assert(Size >= sizeof(void*), "a recycled block must be able to hold a link");

  static void* take() {
    FreeList& list = free_list();
    if (list.head != nullptr) {
      Block* block = list.head;
      list.head = block->next;
      --list.count;
      return block;
    }
    return ::operator new(Size);
  }

  static void give(void* pointer) noexcept {
    FreeList& list = free_list();
    if (list.alive && list.count < kMaxKept) {
      Block* block = static_cast<Block*>(pointer);
      block->next = list.head;
      list.head = block;
      ++list.count;
      return;
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
      while (head != nullptr) ::operator delete(std::exchange(head, head->next));
    }
  };
  static FreeList& free_list() noexcept {
    thread_local FreeList list;
    return list;
  }
};

template <class T>
class RecyclingAllocation {
 public:
  static void* operator new(std::size_t size) {
    return size == sizeof(T) ? BlockPool<sizeof(T)>::take() : ::operator new(size);
  }
  static void operator delete(void* pointer, std::size_t size) noexcept {
    if (pointer == nullptr) return;
    if (size == sizeof(T)) {
      BlockPool<sizeof(T)>::give(pointer);
    } else {
      ::operator delete(pointer);
    }
  }
};

template <class T>
struct RecyclingAllocator {
  using value_type = T;
  RecyclingAllocator() noexcept = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n == 1) return static_cast<T*>(BlockPool<sizeof(T)>::take());
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* pointer, std::size_t n) noexcept {
    if (n == 1) {
      BlockPool<sizeof(T)>::give(pointer);
    } else {
      ::operator delete(pointer);
    }
  }
  template <class U>
  bool operator==(const RecyclingAllocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const RecyclingAllocator<U>&) const noexcept { return false; }
};

template <class T, std::size_t N>
struct RecyclingArrayAllocator {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = RecyclingArrayAllocator<U, N>;
  };
  RecyclingArrayAllocator() noexcept = default;
  template <class U>
  RecyclingArrayAllocator(const RecyclingArrayAllocator<U, N>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n <= N) return static_cast<T*>(BlockPool<N * sizeof(T)>::take());
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* pointer, std::size_t n) noexcept {
    if (n <= N) {
      BlockPool<N * sizeof(T)>::give(pointer);
    } else {
      ::operator delete(pointer);
    }
  }
  template <class U>
  bool operator==(const RecyclingArrayAllocator<U, N>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const RecyclingArrayAllocator<U, N>&) const noexcept { return false; }
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_RECYCLING_ALLOCATION_H
