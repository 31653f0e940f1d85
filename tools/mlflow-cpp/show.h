// show.h: `mlflow-cpp show`, the traces of a local trace store, as trees or as stored JSON.
#ifndef MLFLOW_CPP_CLI_SHOW_H
#define MLFLOW_CPP_CLI_SHOW_H

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace mlflow::cli {

struct ShowOptions {
  std::filesystem::path dir;            // the store (a directory of *.jsonl files)
  bool json = false;                    // print the stored lines instead of trees
  std::optional<std::string> trace_id;  // only this trace; "tr-" optional
  std::optional<std::string> name;      // only traces with this in their name or a span's name
  std::optional<std::size_t> limit;     // only the last N matching traces
  bool color = false;                   // already decided: the caller knows about the terminal
};

// Prints the matching traces to `out`; notes (skipped lines, nothing to show) and errors to
// `err`. Returns the exit code: kExitOk, or kExitError when the store could not be read in full
// or `out` could not be written.
int run_show(const ShowOptions& options, std::ostream& out, std::ostream& err);

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_SHOW_H
