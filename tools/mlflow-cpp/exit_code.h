// exit_code.h: the exit codes of the mlflow-cpp command line tool.
#ifndef MLFLOW_CPP_CLI_EXIT_CODE_H
#define MLFLOW_CPP_CLI_EXIT_CODE_H

namespace mlflow::cli {

enum ExitCode : int {
  kExitOk = 0,     // done (also when there was nothing to show)
  kExitError = 1,  // the store could not be read, output could not be written, ...
  kExitUsage = 2,  // bad command line: unknown command or option, missing or bad value
};

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_EXIT_CODE_H
