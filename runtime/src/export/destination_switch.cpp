// destination_switch.cpp: see destination_switch.h.
#include "export/destination_switch.h"

#include <utility>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::size_t DestinationSwitch::keep_locally(const CompletedTrace& trace) noexcept {
  std::shared_ptr<TraceExporter> exporter = current();
  const std::size_t written = exporter->keep_locally(trace);
  // Replaced meanwhile: replace() may have written what it kept before this trace was added,
  // and nobody else will write it now.
  if (exporter != current()) exporter->write_kept();
  return written;
}

void DestinationSwitch::replace(std::shared_ptr<TraceExporter> next) noexcept {
  std::shared_ptr<TraceExporter> replaced;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    replaced = std::exchange(current_, std::move(next));
  }
  replaced->write_kept();
}

}  // namespace detail
MLFLOW_END_NAMESPACE
