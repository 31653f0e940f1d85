// trace_push.h: delivering the traces a program kept because its tracking server could not take
// them (undelivered_trace.h), later, exactly once: what `mlflow-cpp push [DIR]` runs.
//
// Exactly once, even across crashes and repeated pushes: every step that the server accepted is
// recorded in a journal in the store (kJournalFileName: one JSON line per step, "spans" when a
// trace's spans got 200, "done" when its trace info did too), appended right after the answer.
// A push skips what the journal says is done for that server and never resends spans that got
// 200, before or during an earlier push. One push at a time per store (a lock file).
//
// A crash between the server's answer and the journal line costs at most one resend of that
// step, which the server absorbs (spans are upserted by id; StartTraceV3 merges and, written
// after the spans, keeps the trace's token usage authoritative).
#ifndef MLFLOW_RUNTIME_TRACE_PUSH_H
#define MLFLOW_RUNTIME_TRACE_PUSH_H

#include <mlflow/version.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

inline constexpr const char* kJournalFileName = "push-journal.log";
inline constexpr const char* kPushLockFileName = ".push.lock";

struct PushOptions {
  std::filesystem::path dir;
  // Connection settings (auth, TLS, timeouts). When `settings.uri` is set it replaces the
  // server recorded with each trace (the server moved); otherwise each trace goes where it was
  // meant to. The experiment recorded with each trace is kept either way.
  TrackingServerSettings settings;
  std::function<void(const std::string&)> progress;  // one line per event, for the user
};

struct PushReport {
  std::size_t delivered = 0;          // traces delivered by this push
  std::size_t already_delivered = 0;  // found done in the journal
  std::size_t failed = 0;             // still undelivered (see errors)
  std::size_t unreadable = 0;         // stored lines that were not undelivered traces
  std::vector<std::string> errors;
};

PushReport push_undelivered_traces(const PushOptions& options);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_PUSH_H
