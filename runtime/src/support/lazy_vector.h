// lazy_vector.h: a vector whose storage is allocated on the first insertion.
//
// A span record has lists that most spans never fill (attributes, events): as std::vector each
// costs 24 bytes of the record, written when the record is built, carried to the export
// thread's cache and counted against the queue's memory budget, for every span. LazyVector<T>
// is one pointer, null until something is added, and reads like the vector it holds (iteration,
// size, indexing, emplace_back). Iterators are plain pointers into the vector's storage.
#ifndef MLFLOW_RUNTIME_LAZY_VECTOR_H
#define MLFLOW_RUNTIME_LAZY_VECTOR_H

#include <mlflow/version.h>

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

template <class T>
class LazyVector {
 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  LazyVector() noexcept = default;
  LazyVector(const LazyVector& other)
      : items_(other.items_ ? std::make_unique<std::vector<T>>(*other.items_) : nullptr) {}
  LazyVector(LazyVector&&) noexcept = default;
  LazyVector& operator=(const LazyVector& other) {
    if (this != &other)
      items_ = other.items_ ? std::make_unique<std::vector<T>>(*other.items_) : nullptr;
    return *this;
  }
  LazyVector& operator=(LazyVector&&) noexcept = default;
  LazyVector& operator=(std::initializer_list<T> items) {
    if (items.size() == 0) {
      items_.reset();
    } else {
      items_ = std::make_unique<std::vector<T>>(items);
    }
    return *this;
  }

  std::size_t size() const noexcept { return items_ ? items_->size() : 0; }
  bool empty() const noexcept { return size() == 0; }
  // The heap bytes the elements' storage holds (trace_size.h).
  std::size_t capacity() const noexcept { return items_ ? items_->capacity() : 0; }

  T* begin() noexcept { return items_ ? items_->data() : nullptr; }
  T* end() noexcept { return begin() + size(); }
  const T* begin() const noexcept { return items_ ? items_->data() : nullptr; }
  const T* end() const noexcept { return begin() + size(); }
  std::reverse_iterator<const T*> rbegin() const noexcept { return std::reverse_iterator<const T*>(end()); }
  std::reverse_iterator<const T*> rend() const noexcept { return std::reverse_iterator<const T*>(begin()); }

  T& operator[](std::size_t i) noexcept { return (*items_)[i]; }
  const T& operator[](std::size_t i) const noexcept { return (*items_)[i]; }
  T& front() noexcept { return items_->front(); }
  const T& front() const noexcept { return items_->front(); }

  template <class... Args>
  T& emplace_back(Args&&... args) {
    return storage().emplace_back(std::forward<Args>(args)...);
  }
  void push_back(T item) { storage().push_back(std::move(item)); }
  void clear() noexcept { items_.reset(); }
  // Removes the element at `i`, keeping the order of the others.
  void erase(std::size_t i) { items_->erase(items_->begin() + static_cast<std::ptrdiff_t>(i)); }

 private:
  std::vector<T>& storage() {
    if (!items_) items_ = std::make_unique<std::vector<T>>();
    return *items_;
  }
  std::unique_ptr<std::vector<T>> items_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_LAZY_VECTOR_H
