// lent_spans.cpp: see lent_spans.h.
#include "core/lent_spans.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Sharded by record address, so that borrowers on different threads seldom share a lock.
struct Shard {
  std::mutex mutex;
  std::unordered_map<const SpanRecord*, SpanId> open;  // guarded by mutex
};

constexpr std::size_t kShards = 16;

Shard& shard_of(const SpanRecord* record) noexcept {
  // Never destroyed: spans may end (and borrowers call) during static destruction at exit.
  static Shard* const shards = new Shard[kShards];
  return shards[(std::hash<const SpanRecord*>()(record) >> 6) % kShards];
}

std::atomic<std::uint64_t> g_stale_uses{0};

}  // namespace

void LentSpans::add(const SpanRecord* record, SpanId id) {
  Shard& shard = shard_of(record);
  std::lock_guard<std::mutex> lock(shard.mutex);
  shard.open[record] = id;
}

void LentSpans::remove(const SpanRecord* record) noexcept {
  Shard& shard = shard_of(record);
  std::lock_guard<std::mutex> lock(shard.mutex);
  shard.open.erase(record);
}

bool LentSpans::with_open(SpanRecord* record, SpanId id, void (*call)(SpanRecord&, void*),
                          void* fn) noexcept {
  {
    Shard& shard = shard_of(record);
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto found = shard.open.find(record);
    // The id as well: the address may belong to a newer span by now.
    if (found != shard.open.end() && found->second == id) {
      call(*record, fn);
      return true;
    }
  }
  g_stale_uses.fetch_add(1, std::memory_order_relaxed);
  warn_once("stale-span-ref",
            "a SpanRef was used after its span ended; the call did nothing (a SpanRef from "
            "get_current_active_span() or copied from a Span is valid only while the span runs; "
            "tracing::stats().stale_span_refs counts such calls; reported once)");
  return false;
}

std::uint64_t LentSpans::stale_uses() noexcept { return g_stale_uses.load(std::memory_order_relaxed); }

}  // namespace detail
MLFLOW_END_NAMESPACE
