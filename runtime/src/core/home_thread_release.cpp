// home_thread_release.cpp: see home_thread_release.h.
#include "core/home_thread_release.h"

#include <atomic>
#include <new>
#include <utility>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Touches the lines of what `trace` will free: its own, and its span records'.
void prefetch_trace(const CompletedTrace* trace) noexcept {
  for (std::size_t offset = 0; offset < sizeof(CompletedTrace); offset += 64)
    __builtin_prefetch(reinterpret_cast<const char*>(trace) + offset);
}

void prefetch_spans(const CompletedTrace* trace) noexcept {
  for (const auto& span : trace->spans)
    for (std::size_t offset = 0; offset < sizeof(SpanRecord); offset += 64)
      __builtin_prefetch(reinterpret_cast<const char*>(span.get()) + offset);
}

// Emptied batches, on their way back to the export thread to be filled again: a batch is then
// allocated and freed by the same thread, and the home threads never free into the export
// thread's malloc arena (whose lock they would take, while the export thread allocates).
// Lock-free: any thread pushes one; a taker takes the whole stack at once (no ABA).
class SpareBatches {
 public:
  static SpareBatches& instance() noexcept {
    static SpareBatches* const spares = new SpareBatches();  // never destroyed: see thread_slot.h
    return *spares;
  }

  void give(ReleaseBatch* batch) noexcept {
    batch->next = returned_.load(std::memory_order_relaxed);
    while (!returned_.compare_exchange_weak(batch->next, batch, std::memory_order_release,
                                            std::memory_order_relaxed)) {
    }
  }

  // An empty batch: one given back, or a new one (null when out of memory).
  ReleaseBatch* take() noexcept {
    ReleaseBatch*& kept = kept_by_this_thread();
    if (kept == nullptr) kept = returned_.exchange(nullptr, std::memory_order_acquire);
    ReleaseBatch* batch = kept;
    if (batch == nullptr) return new (std::nothrow) ReleaseBatch();
    kept = batch->next;
    batch->next = nullptr;
    batch->count = 0;
    return batch;
  }

 private:
  // What the calling thread took and has not used yet; handed back when it exits.
  struct Kept {
    ReleaseBatch* list = nullptr;
    ~Kept() {
      while (list != nullptr) instance().give(std::exchange(list, list->next));
    }
  };
  static ReleaseBatch*& kept_by_this_thread() noexcept {
    thread_local Kept kept;
    return kept.list;
  }

  std::atomic<ReleaseBatch*> returned_{nullptr};
};

}  // namespace

void ReleaseBox::free_all(ReleaseBatch* batch) noexcept {
  constexpr std::size_t kAhead = 4;  // traces whose lines are on their way while one is freed
  while (batch != nullptr) {
    const std::size_t n = batch->count;
    for (std::size_t i = 0; i < n && i < kAhead; ++i) prefetch_trace(batch->traces[i]);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) prefetch_trace(batch->traces[i + kAhead]);
      if (i + 1 < n) prefetch_spans(batch->traces[i + 1]);
      delete batch->traces[i];
    }
    SpareBatches::instance().give(std::exchange(batch, batch->next));
  }
}

void release_at_home(std::vector<std::unique_ptr<CompletedTrace>>& traces) noexcept {
  // One open batch per home: traces from several threads arrive interleaved, and a batch per
  // change of home would send most traces home alone.
  struct Open {
    ReleaseBox* home;
    ReleaseBatch* batch;
  };
  constexpr std::size_t kOpenHomes = 8;  // more threads than this: the oldest batch goes first
  Open open[kOpenHomes];
  std::size_t opened = 0;  // batches opened so far; open[opened % kOpenHomes] is the oldest
  auto open_count = [&] { return opened < kOpenHomes ? opened : kOpenHomes; };
  SpareBatches& spares = SpareBatches::instance();
  for (auto& trace : traces) {
    ReleaseBox* home = trace->home;
    if (home == nullptr) {
      trace.reset();
      continue;
    }
    Open* slot = nullptr;
    for (std::size_t i = 0; i < open_count() && slot == nullptr; ++i)
      if (open[i].home == home) slot = &open[i];
    if (slot != nullptr && slot->batch != nullptr &&
        slot->batch->count == ReleaseBatch::kCapacity) {
      home->give_back(slot->batch);  // full: a fresh one in its place
      slot->batch = nullptr;
    } else if (slot == nullptr) {
      slot = &open[opened % kOpenHomes];
      if (opened++ >= kOpenHomes && slot->batch != nullptr) slot->home->give_back(slot->batch);
      slot->home = home;
      slot->batch = nullptr;
    }
    if (slot->batch == nullptr) slot->batch = spares.take();
    if (slot->batch == nullptr) {  // out of memory: freed here, contention and all
      trace.reset();
      continue;
    }
    slot->batch->traces[slot->batch->count++] = trace.release();
  }
  for (std::size_t i = 0; i < open_count(); ++i)
    if (open[i].batch != nullptr) open[i].home->give_back(open[i].batch);
  traces.clear();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
