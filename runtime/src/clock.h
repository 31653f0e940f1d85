// clock.h: wall-clock time in Unix nanoseconds, the unit of MLflow's span timestamps.
//
// A span needs two timestamps, and clock_gettime costs ~25 ns on our VMs (vDSO, kvm-clock): on
// x86-64 with an invariant TSC the clock reads the TSC instead (~10 ns) and converts ticks to
// Unix nanoseconds with a rate measured against CLOCK_REALTIME. The first few milliseconds of a
// process use clock_gettime while the rate is measured; after that the export thread refreshes
// the anchor about once a second (recalibrate_clock), so the TSC time never strays from the
// system clock by more than the drift of one second. Elsewhere, or without an invariant TSC,
// it is clock_gettime throughout.
#ifndef MLFLOW_RUNTIME_CLOCK_H
#define MLFLOW_RUNTIME_CLOCK_H

#include <mlflow/version.h>

#include <cstdint>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::int64_t now_unix_nanos() noexcept;

// CLOCK_REALTIME, always (for tests and calibration).
std::int64_t system_unix_nanos() noexcept;

// Re-anchors the TSC clock on the system clock when a second has passed since the last time;
// cheap otherwise. Called by the export thread.
void recalibrate_clock() noexcept;

// Whether now_unix_nanos reads the TSC (after calibration).
bool clock_uses_tsc() noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CLOCK_H
