// show.cpp: see show.h. Traces are printed as they are read, except with --limit, which has to
// see the end of the store first and so keeps only the last N matches in memory. From a server
// (--server), they come through the public query client (mlflow/client.h), one page at a time.
#include "show.h"

#include <algorithm>
#include <cerrno>
#include <deque>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <mlflow/client.h>

#include "exit_code.h"
#include "store/local_trace_store.h"
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

// Each skipped line on its own line, with its file and line number, then one note with the
// counts, so a store with many bad lines still ends with a summary.
void report_skipped(const detail::LocalTraceStore::ReadStats& stats, const ShowOptions& options,
                    std::ostream& err) {
  for (const auto& problem : stats.problems) err << "mlflow-cpp show: " << problem << "\n";
  if (stats.problems_not_listed > 0)
    err << "mlflow-cpp show: ... and " << plural(stats.problems_not_listed, "more skipped line")
        << "\n";
  std::vector<std::string> parts;
  if (stats.incomplete > 0)
    parts.push_back(plural(stats.incomplete, "incomplete line") + " (a trace still being written)");
  if (stats.malformed > 0) parts.push_back(plural(stats.malformed, "malformed line"));
  if (stats.newer_format > 0)
    parts.push_back(plural(stats.newer_format, "line") + " of a newer store format");
  if (parts.empty()) return;
  err << "note: skipped ";
  for (std::size_t i = 0; i < parts.size(); ++i)
    err << (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") << parts[i];
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

// Flushes `out`; reports and returns kExitError when it could not be written.
int finish_output(std::ostream& out, std::ostream& err) {
  // A full disk or a closed terminal shows only here; errno still says why (a closed pipe never
  // gets here: SIGPIPE ends the process, as it does `cat`).
  errno = 0;
  out.flush();
  if (out) return kExitOk;
  err << "mlflow-cpp: error: cannot write the output";
  if (errno != 0) err << ": " << std::generic_category().message(errno);
  err << "\n";
  return kExitError;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

int run_show(const ShowOptions& options, std::ostream& out, std::ostream& err) {
  Printer printer(options, out);
  struct Match {
    std::string line;
    nlohmann::json trace;  // its view is made again when printed: views point into it
  };
  std::deque<Match> last_matches;  // with --limit only

  const auto stats = detail::LocalTraceStore::read_lines(
      options.dir, [&](const detail::LocalTraceStore::StoredLine& line, nlohmann::json&& stored) {
        const TraceView trace = view_trace(stored);
        if (!matches(trace, options)) return;
        if (!options.limit) {
          printer.print(line.text, trace);
          return;
        }
        last_matches.push_back({std::string(line.text), std::move(stored)});
        if (last_matches.size() > *options.limit) last_matches.pop_front();
      });
  for (const auto& match : last_matches) printer.print(match.line, view_trace(match.trace));

  // Notes after the traces, and stdout flushed first, so they are not lost in between.
  int exit_code = finish_output(out, err);
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

int run_show_server(const ShowOptions& options, const ServerShowOptions& server, std::ostream& out,
                    std::ostream& err) {
  Printer printer(options, out);
  int exit_code = kExitOk;
  std::size_t received = 0;  // traces the server returned
  std::string next_page_token;
  std::string where;  // for "no traces in ..."

  // One trace: rendered from the same Trace JSON a store line holds.
  auto show = [&](const Trace& trace) {
    const nlohmann::json parsed = nlohmann::json::parse(trace.json, nullptr, /*allow_exceptions=*/false);
    const TraceView view = view_trace(parsed);
    if (matches(view, options)) printer.print(trace.json, view);
  };

  try {
    ClientOptions client_options;
    client_options.tracking_uri = server.uri;
    if (server.experiment_name) client_options.experiment_name = *server.experiment_name;
    Client client(client_options);
    where = client.tracking_uri();

    if (options.trace_id) {
      received = 1;
      show(client.get_trace(*options.trace_id));
    } else {
      SearchTracesOptions search;
      search.experiment_ids = server.experiment_ids;
      if (search.experiment_ids.empty()) search.experiment_ids.push_back(client.experiment_id());
      where = "experiment " + joined(search.experiment_ids) + " on " + client.tracking_uri();
      if (server.filter) search.filter_string = *server.filter;
      if (server.page_token) search.page_token = *server.page_token;
      const std::size_t page_size = server.max_results.value_or(100);
      for (;;) {
        // With --limit (and no --name, which drops traces after they are fetched), the last
        // request asks for just what is missing, so the next page token starts right after the
        // last trace printed.
        std::size_t wanted = page_size;
        if (options.limit && !options.name) wanted = std::min(page_size, *options.limit - printer.printed());
        search.max_results = static_cast<int>(wanted);
        SearchTracesResult page = client.search_traces(search);
        received += page.traces.size();
        for (const TraceInfo& info : page.traces) {
          if (options.limit && printer.printed() >= *options.limit) break;
          try {
            show(client.get_trace(info));
          } catch (const ClientError& e) {
            if (e.http_status() == 0) throw;  // the server is gone: stop
            err << "mlflow-cpp: error: " << e.what() << "\n";
            exit_code = kExitError;
          }
        }
        next_page_token = page.next_page_token;
        if (!options.limit || printer.printed() >= *options.limit || next_page_token.empty()) break;
        search.page_token = next_page_token;
      }
    }
  } catch (const ClientError& e) {
    finish_output(out, err);
    err << "mlflow-cpp: error: " << e.what() << "\n";
    return kExitError;
  }

  if (finish_output(out, err) != kExitOk) exit_code = kExitError;
  if (received == 0) {
    err << "no traces in " << where << "\n";
  } else if (printer.printed() == 0) {
    err << "no traces in " << where << " match (" << plural(received, "trace") << " read)\n";
  }
  if (!next_page_token.empty()) {
    err << "more traces: add --page-token " << next_page_token << " for the next page\n";
  }
  return exit_code;
}

}  // namespace mlflow::cli
