// call_nesting.cpp: see call_nesting.h.
#include "autolog/call_nesting.h"

#include "support/thread_slot.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

constexpr std::uint64_t kCountMask = 0xffffffffu;

}  // namespace

void CallNesting::Slot::on_thread_exit() noexcept {
  std::uint64_t w = word.load(std::memory_order_relaxed);
  while (!word.compare_exchange_weak(w, ((w >> 32) + 1) << 32, std::memory_order_acq_rel)) {
  }
}

bool CallNesting::inside_call() noexcept {
  Slot* slot = ThreadSlot<Slot>::of_this_thread();
  return slot == nullptr || (slot->word.load(std::memory_order_acquire) & kCountMask) != 0;
}

CallNesting::Ticket CallNesting::enter() noexcept {
  Ticket ticket;
  ticket.slot = ThreadSlot<Slot>::of_this_thread();
  if (ticket.slot != nullptr) {
    const std::uint64_t before = ticket.slot->word.fetch_add(1, std::memory_order_acq_rel);
    ticket.generation = static_cast<std::uint32_t>(before >> 32);
  }
  return ticket;
}

void CallNesting::leave(const Ticket& ticket) noexcept {
  if (ticket.slot == nullptr) return;
  std::uint64_t w = ticket.slot->word.load(std::memory_order_acquire);
  while ((w >> 32) == ticket.generation && (w & kCountMask) != 0) {
    if (ticket.slot->word.compare_exchange_weak(w, w - 1, std::memory_order_acq_rel)) return;
  }
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
