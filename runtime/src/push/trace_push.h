// trace_push.h: delivering the traces a program kept because its tracking server could not take
// them (undelivered_trace.h), later, exactly once: what `mlflow-cpp push [DIR]` runs.
//
// Exactly once, even across crashes and repeated pushes. The journal (kJournalFileName, in the
// store, one JSON line {"server", "trace_id", "part", "step"} per step and trace) brackets every
// request that could leave something on the server. "part" is the span id of the stored trace's
// first span: a trace continued in another process (W3C traceparent) is stored once by each
// process, with the same trace id and spans of its own, and each part is delivered (an entry
// without it, from an older push, stands for every part):
//
//   "spans-sending"  appended before a trace's spans go out (OTLP), "spans" after the 200;
//   "info-sending"   appended before its StartTraceV3 (and traces.json), "done" after the 200.
//
// A push skips a trace whose journal says "done", and never resends spans that got 200 (journal
// "spans", or spans_delivered in the stored line: the program's own exporter got the 200). A step
// with its intent line but no completion line was interrupted after the request may have gone
// out, so the push asks the server before sending it again:
//   - spans: BatchGetTraces; the spans the server has (by span id) are not sent again, only the
//     missing ones (usually all or none: the server stores one request in one transaction);
//   - trace info: GetTraceInfoV3; done when the server's info is final (metadata
//     mlflow.trace.infoFinalized, which StartTraceV3 sets; OTLP ingestion alone creates an info
//     without it), or, on a server that keeps spans as artifacts, when it has the info and its
//     traces.json (only the upload is sent when the info is there and traces.json is not).
// So a push killed at any point (before or after a request, before or after its journal line)
// and run again sends every span and every trace info to the server once. What it cannot vouch
// for it does not send: a journal line that cannot be written stops that trace, and so does a
// server that does not answer the question (it waits for the next push). Left open: a server
// without BatchGetTraces (an older MLflow) gets interrupted spans again; it keeps one
// copy per span id, and StartTraceV3, written after the spans, keeps the trace's token usage
// authoritative, so nothing is counted twice there either. Nor can the push know about a
// request the traced program itself sent whose answer it never got (spans_delivered false).
//
// One push at a time per store (a lock file). Stored lines that are not undelivered traces
// (garbage, cut short, a newer format, malformed spans, a trace stored twice) are reported with
// their file and line and skipped; the others are delivered.
//
// Test seam: MLFLOW_CPP_TEST_PUSH_CRASH_AFTER (kPushCrashVariable) set to "spans-intent",
// "spans", "info-intent" or "info" makes the push _exit(kPushCrashExitCode) at that point: right
// after the intent line, or right after the server's 200 and before the completion line. Only the
// tests set it (test/cli/test_push_exactly_once.py).
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
inline constexpr const char* kPushCrashVariable = "MLFLOW_CPP_TEST_PUSH_CRASH_AFTER";
inline constexpr int kPushCrashExitCode = 86;

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
  std::size_t unreadable = 0;         // stored lines that are not deliverable traces, skipped
  // One entry per skipped line (of undelivered.jsonl or the journal), "<file>:<line>: <what>;
  // skipped", the first LocalTraceStore::kMaxListedProblems per file; the rest are counted.
  std::vector<std::string> problems;
  std::size_t problems_not_listed = 0;
  std::vector<std::string> errors;
};

PushReport push_undelivered_traces(const PushOptions& options);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_TRACE_PUSH_H
