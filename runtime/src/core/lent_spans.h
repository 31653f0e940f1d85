// lent_spans.h: the open spans that SpanRef handles have been lent, so that a handle kept past
// its span's end does nothing instead of writing into freed memory.
//
// A Span owns its record until it ends, so the owner needs no check. A SpanRef copied from it
// (or returned by get_current_active_span()) is a borrower: it names the record by address and
// span id, and reaches it only through this registry, under the lock of the registry's shard.
// The record leaves the registry as the first step of its span's end (retire(), before the end
// reads or writes the record; again in TraceState::end_span, under the trace's lock, for a span
// lent on its starting thread while another thread was ending it) or when its trace is freed
// with the span still open (~TraceState): after that the borrower finds nothing, and its call is
// ignored and counted (tracing::Stats::stale_span_refs). Spans never lent cost a byte load at
// their end.
//
// Lock order: a trace's lock, then a shard's. A borrower's call holds only the shard's lock, so
// its work there is kept to assigning values prepared before (span.cpp).
#ifndef MLFLOW_RUNTIME_LENT_SPANS_H
#define MLFLOW_RUNTIME_LENT_SPANS_H

#include <mlflow/version.h>

#include <cstdint>
#include <type_traits>

#include "core/ids.h"
#include "core/span_record.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class LentSpans {
 public:
  // Registers `record` (span `id`) as open and lent. The caller holds the record's trace lock
  // and has checked that the span has not ended.
  static void add(const SpanRecord* record, SpanId id);
  // Takes `record` out: its span ended or its record is about to be freed. Waits for a
  // borrower's call in progress on it.
  static void remove(const SpanRecord* record) noexcept;
  // remove() when the record was lent: the first step of every end of a span, so that the
  // end's own reads and writes of the record never meet a borrower's.
  // (Inline: on every span's end, a byte load when the span was never lent.)
  static void retire(const SpanRecord& record) noexcept {
    if (record.lent.load(std::memory_order_acquire)) remove(&record);
  }

  // Runs fn(record) under the registry's lock when `record` is registered with `id`, and
  // returns whether it did. Otherwise the span has ended: the call is counted, and said once on
  // stderr. `fn` must not throw.
  template <class Fn>
  static bool with_open(SpanRecord* record, SpanId id, Fn&& fn) noexcept {
    using Callable = std::remove_reference_t<Fn>;
    return with_open(record, id, [](SpanRecord& r, void* f) { (*static_cast<Callable*>(f))(r); },
                     static_cast<void*>(&fn));
  }

  // Calls made through a SpanRef after its span ended (tracing::Stats::stale_span_refs).
  static std::uint64_t stale_uses() noexcept;

 private:
  static bool with_open(SpanRecord* record, SpanId id, void (*call)(SpanRecord&, void*),
                        void* fn) noexcept;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_LENT_SPANS_H
