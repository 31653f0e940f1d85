// push.h: `mlflow-cpp push [DIR]`, delivering the traces a program kept in its local trace store
// because the tracking server could not take them (runtime: trace_push.h).
#ifndef MLFLOW_CPP_CLI_PUSH_H
#define MLFLOW_CPP_CLI_PUSH_H

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace mlflow::cli {

struct PushCommandOptions {
  std::filesystem::path dir;
  std::optional<std::string> tracking_uri;  // replaces the server recorded with each trace
  bool quiet = false;
};

// Returns kExitOk when every stored trace is delivered (now or before), kExitError otherwise.
int run_push(const PushCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_PUSH_H
