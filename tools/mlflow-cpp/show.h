// show.h: `mlflow-cpp show`, the traces of a local trace store, or of an MLflow tracking server
// (`--server`), as trees or as MLflow's Trace JSON.
#ifndef MLFLOW_CPP_CLI_SHOW_H
#define MLFLOW_CPP_CLI_SHOW_H

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace mlflow::cli {

struct ShowOptions {
  std::filesystem::path dir;            // the store (a directory of *.jsonl files)
  bool json = false;                    // print the stored lines instead of trees
  std::optional<std::string> trace_id;  // only this trace; "tr-" optional
  std::optional<std::string> name;      // only traces with this in their name or a span's name
  std::optional<std::size_t> limit;     // only the last N matching traces
  bool color = false;                   // already decided: the caller knows about the terminal
};

// `show --server`: the traces come from a tracking server (SearchTracesV3, then each trace's
// spans), newest first unless the filter or server says otherwise. The ShowOptions apply as for
// a store, except `dir`, and `limit`, which here counts from the start of the results.
struct ServerShowOptions {
  std::string uri;                           // http(s)://..., no trailing '/'
  std::vector<std::string> experiment_ids;   // none: experiment_name, else the environment's
  std::optional<std::string> experiment_name;
  std::optional<std::string> filter;         // MLflow's filter string
  std::optional<std::size_t> max_results;    // traces per request (1 to 500)
  std::optional<std::string> page_token;     // start from this page
};

// Prints the matching traces like run_show; with `limit`, pages through the results until it
// has printed that many, otherwise prints one page. When more remain, says on `err` how to get
// the next page (its token). Returns kExitOk, or kExitError when the server could not be asked
// (unreachable, an error answer such as a bad filter) or a trace could not be read.
int run_show_server(const ShowOptions& options, const ServerShowOptions& server, std::ostream& out,
                    std::ostream& err);

// Prints the matching traces to `out`; notes (skipped lines, nothing to show) and errors to
// `err`. Returns the exit code: kExitOk, or kExitError when the store could not be read in full
// or `out` could not be written.
int run_show(const ShowOptions& options, std::ostream& out, std::ostream& err);

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_SHOW_H
