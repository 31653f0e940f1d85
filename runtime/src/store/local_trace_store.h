// local_trace_store.h: the local trace store, the default destination when no tracking server is
// configured. A directory of `*.jsonl` files, one trace per line in MLflow's Trace JSON shape
// (`Trace.to_json()`: {"info": ..., "data": {"spans": [...]}}), which
// `mlflow.entities.Trace.from_json` reads back.
//
// Guarantees:
//  - Appends are whole lines: lines are written, several at a time, with write(2) on an
//    O_APPEND descriptor while holding an exclusive flock(2) on the file, so several threads and
//    several processes may append to the same directory at once without interleaving.
//  - Readers never see a torn line: a final line without its '\n' is an append in progress (or
//    the end of a writer killed mid-write) and is skipped, as is any line that does not parse and
//    any line of a newer format (below). Each skipped line is counted and reported with its file
//    and line number, never fatal; the lines around it are read. Blank lines are ignored.
//  - Format marker: a line is a JSON object. A writer whose lines older readers would misread
//    marks each with a top-level "mlflow_cpp_format": N (a whole number); a line without the key
//    is format 1, which is what every writer so far writes (unmarked, so the lines stay exactly
//    MLflow's Trace.to_json() shape). A reader skips, and reports, a line of a format newer than
//    kFormatVersion instead of guessing at it.
//  - A line cut short by a failed write is taken back (truncated away) when possible; one left by
//    a writer that died mid-line is ended with '\n' by the next append, so it costs one
//    malformed line and never the next trace.
#ifndef MLFLOW_RUNTIME_LOCAL_TRACE_STORE_H
#define MLFLOW_RUNTIME_LOCAL_TRACE_STORE_H

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class LocalTraceStore {
 public:
  // The file traces are appended to, inside `dir`.
  static constexpr const char* kFileName = "traces.jsonl";
  // The file for traces that were meant for a tracking server and could not be delivered
  // (undelivered_trace.h); `mlflow-cpp push` reads it.
  static constexpr const char* kUndeliveredFileName = "undelivered.jsonl";

  // The format marker (see the header comment): the key, and the newest format this reader knows.
  static constexpr const char* kFormatKey = "mlflow_cpp_format";
  static constexpr int kFormatVersion = 1;

  explicit LocalTraceStore(std::filesystem::path dir, std::string file_name = kFileName)
      : dir_(std::move(dir)), file_name_(std::move(file_name)) {}

  const std::filesystem::path& dir() const noexcept { return dir_; }
  std::filesystem::path file() const { return dir_ / file_name_; }

  // Appends each element of `lines` (one trace's JSON text each, without the newline) as one
  // line. Creates the directory when it is missing. On failure returns false and says why in
  // `error`; lines written before the failure stay written (those of the failed write are taken
  // back). A line containing '\n' would split
  // into two malformed lines, so such a batch is refused before anything is written.
  bool append(const std::vector<std::string>& lines, std::string* error) const;

  // The same for lines already in one buffer: `lines` is whole lines, each ending with '\n'
  // (one trace's JSON text each), written as they are with one write(2), all or none (a failed
  // write is taken back). The caller guarantees that a trace's text has no '\n' of its own (the
  // local store's exporter writes escaped JSON); text not ending with '\n' is refused.
  bool append_lines(std::string_view lines, std::string* error) const;

  // A stored line as the readers hand it over: its text (without '\n'; valid only during the
  // call) and where it is, for reports.
  struct StoredLine {
    std::string_view text;
    const std::filesystem::path& file;
    std::size_t number;  // 1-based, counting every line of the file (blank ones too)

    // "<file>:<number>", the prefix of every report about the line.
    std::string where() const;
  };

  // At most this many problems are listed in ReadStats::problems; the counts hold them all.
  static constexpr std::size_t kMaxListedProblems = 100;

  struct ReadStats {
    std::size_t traces = 0;        // complete, parsed lines handed to the callback
    std::size_t incomplete = 0;    // final lines without '\n' (an append in progress, or a writer
                                   // killed mid-write)
    std::size_t malformed = 0;     // lines that are not JSON objects (garbage, or cut short)
    std::size_t newer_format = 0;  // lines of a format newer than kFormatVersion
    // One entry per skipped line, "<file>:<line>: <what>; skipped", in reading order, the first
    // kMaxListedProblems of them; `problems_not_listed` counts the rest.
    std::vector<std::string> problems;
    std::size_t problems_not_listed = 0;
    // The directory or files that could not be read, each with its path and why. Reading goes
    // on with the other files.
    std::vector<std::string> errors;
  };

  // Calls `on_trace` with every stored trace of every `*.jsonl` file in `dir` (not recursive),
  // files in name order, lines in file order. A missing directory reads as empty.
  static ReadStats read(const std::filesystem::path& dir,
                        const std::function<void(nlohmann::json&& trace)>& on_trace);

  // The same, also handing over each trace's line as stored and where it is, for callers that
  // print it unchanged (the parsed object does not keep the stored key order or spacing) or
  // report on it.
  using LineCallback = std::function<void(const StoredLine& line, nlohmann::json&& trace)>;
  static ReadStats read_lines(const std::filesystem::path& dir, const LineCallback& on_trace);

  // The same for the one file this store appends to (`file()`). A missing file reads as empty.
  ReadStats read_own_file(const std::function<void(nlohmann::json&& trace)>& on_trace) const;
  ReadStats read_own_file_lines(const LineCallback& on_trace) const;

 private:
  std::filesystem::path dir_;
  std::string file_name_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_LOCAL_TRACE_STORE_H
