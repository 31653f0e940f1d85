// home_thread_release.cpp: see home_thread_release.h.
#include "home_thread_release.h"

#include <new>

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
    delete std::exchange(batch, batch->next);
  }
}

void release_at_home(std::vector<std::unique_ptr<CompletedTrace>>& traces) noexcept {
  ReleaseBatch* batch = nullptr;
  ReleaseBox* batch_home = nullptr;
  auto send = [&] {
    if (batch != nullptr) batch_home->give_back(std::exchange(batch, nullptr));
  };
  for (auto& trace : traces) {
    ReleaseBox* home = trace->home;
    if (home == nullptr) {
      trace.reset();
      continue;
    }
    if (batch != nullptr && (home != batch_home || batch->count == ReleaseBatch::kCapacity)) send();
    if (batch == nullptr) {
      batch = new (std::nothrow) ReleaseBatch();
      batch_home = home;
      if (batch == nullptr) {  // out of memory: freed here, contention and all
        trace.reset();
        continue;
      }
    }
    batch->traces[batch->count++] = trace.release();
  }
  send();
  traces.clear();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
