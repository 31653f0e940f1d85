// show.cpp: see show.h. Traces are printed as they are read, except with --limit, which has to
// see the end of the store first and so keeps only the last N matches in memory.
#include "show.h"

#include <cerrno>
#include <deque>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "exit_code.h"
#include "local_trace_store.h"
#include "trace_view.h"
#include "tree_render.h"

namespace mlflow::cli {
namespace {

constexpr std::string_view kTraceIdPrefix = "tr-";

std::string_view without_prefix(std::string_view id) {
  if (id.substr(0, kTraceIdPrefix.size()) == kTraceIdPrefix) {
    id.remove_prefix(kTraceIdPrefix.size());
  }
  return id;
}

bool contains(const std::optional<std::string>& text, const std::string& part) {
  return text && text->find(part) != std::string::npos;
}

bool matches(const TraceView& trace, const ShowOptions& options) {
  if (options.trace_id) {
    if (!trace.trace_id || without_prefix(*trace.trace_id) != without_prefix(*options.trace_id)) {
      return false;
    }
  }
  if (options.name && !contains(trace.name, *options.name)) {
    bool found = false;
    for (const auto& span : trace.spans) found = found || contains(span.name, *options.name);
    if (!found) return false;
  }
  return true;
}

std::string plural(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// One note for everything read() skipped, so a store being written to does not flood stderr.
void report_skipped(const detail::LocalTraceStore::ReadStats& stats, const ShowOptions& options,
                    std::ostream& err) {
  if (stats.incomplete == 0 && stats.malformed == 0) return;
  err << "note: skipped ";
  if (stats.incomplete > 0) {
    err << plural(stats.incomplete, "incomplete line") << " (a trace still being written)";
  }
  if (stats.incomplete > 0 && stats.malformed > 0) err << " and ";
  if (stats.malformed > 0) err << plural(stats.malformed, "malformed line");
  err << " in " << options.dir.string() << "\n";
}

class Printer {
 public:
  Printer(const ShowOptions& options, std::ostream& out) : options_(options), out_(out) {}

  void print(std::string_view line, const TraceView& trace) {
    text_.clear();
    if (options_.json) {
      text_.append(line);
      text_ += '\n';
    } else {
      if (printed_ > 0) text_ += '\n';  // a blank line between traces
      render_trace(trace, RenderStyle{options_.color}, text_);
    }
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    ++printed_;
  }

  std::size_t printed() const { return printed_; }

 private:
  const ShowOptions& options_;
  std::ostream& out_;
  std::string text_;  // reused across traces
  std::size_t printed_ = 0;
};

}  // namespace

int run_show(const ShowOptions& options, std::ostream& out, std::ostream& err) {
  Printer printer(options, out);
  struct Match {
    std::string line;
    nlohmann::json trace;  // its view is made again when printed: views point into it
  };
  std::deque<Match> last_matches;  // with --limit only

  const auto stats = detail::LocalTraceStore::read_lines(
      options.dir, [&](std::string_view line, nlohmann::json&& stored) {
        const TraceView trace = view_trace(stored);
        if (!matches(trace, options)) return;
        if (!options.limit) {
          printer.print(line, trace);
          return;
        }
        last_matches.push_back({std::string(line), std::move(stored)});
        if (last_matches.size() > *options.limit) last_matches.pop_front();
      });
  for (const auto& match : last_matches) printer.print(match.line, view_trace(match.trace));

  // Notes after the traces, and stdout flushed first, so they are not lost in between. A full
  // disk or a closed terminal shows only here; errno still says why (a closed pipe never gets
  // here: SIGPIPE ends the process, as it does `cat`).
  errno = 0;
  out.flush();
  int exit_code = kExitOk;
  if (!out) {
    err << "mlflow-cpp: error: cannot write the output";
    if (errno != 0) err << ": " << std::generic_category().message(errno);
    err << "\n";
    exit_code = kExitError;
  }
  for (const auto& error : stats.errors) {
    err << "mlflow-cpp: error: " << error << "\n";
    exit_code = kExitError;
  }
  report_skipped(stats, options, err);
  if (stats.traces == 0 && stats.errors.empty()) {
    err << "no traces in " << options.dir.string() << "\n";
  } else if (printer.printed() == 0 && stats.traces > 0) {
    err << "no traces in " << options.dir.string() << " match (" << plural(stats.traces, "trace")
        << " read)\n";
  }
  return exit_code;
}

}  // namespace mlflow::cli
