// main.cpp: the mlflow-cpp command line tool: the command line, and dispatch to a command.
//
//   mlflow-cpp show [DIR] [--json] [--trace-id ID] [--name NAME] [--limit N] [--no-color]
//   mlflow-cpp show --server [URI] [--experiment ID | --experiment-name NAME] [--filter F]
//                   [--max-results N] [--page-token T] [the options above]
//   mlflow-cpp push [DIR] [--tracking-uri URI] [--quiet]
//
// Exit codes are in exit_code.h.
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <mlflow/version.h>

#include "exit_code.h"
#include "push.h"
#include "show.h"

namespace mlflow::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: mlflow-cpp <command> [options]\n"
    "\n"
    "MLflow Tracing for C++: looks at the traces a traced program wrote, and delivers the\n"
    "ones its tracking server could not take.\n"
    "\n"
    "commands:\n"
    "  show [DIR]     print the traces in a local trace store, as trees\n"
    "  show --server  print the traces on an MLflow tracking server, as trees\n"
    "  push [DIR]     deliver the traces a program kept because its tracking server\n"
    "                 could not take them\n"
    "\n"
    "options:\n"
    "  -h, --help     print this help ('mlflow-cpp show --help' for show's options)\n"
    "  --version      print the version\n";

constexpr std::string_view kShowUsageLine =
    "usage: mlflow-cpp show [DIR] [--json] [--trace-id ID] [--name NAME] [--limit N] "
    "[--no-color]\n"
    "       mlflow-cpp show --server [URI] [--experiment ID | --experiment-name NAME]\n"
    "                       [--filter FILTER] [--max-results N] [--page-token TOKEN]\n"
    "                       [--json] [--trace-id ID] [--name NAME] [--limit N] [--no-color]\n";

constexpr std::string_view kShowHelp =
    "\n"
    "Prints the traces stored in DIR, each as a tree of its spans.\n"
    "DIR defaults to $MLFLOW_CPP_TRACE_DIR, else ./mlflow-traces.\n"
    "\n"
    "options:\n"
    "  --json          print each trace as stored (MLflow's Trace JSON), one per line\n"
    "  --trace-id ID   only the trace with this id (the \"tr-\" prefix may be left out)\n"
    "  --name NAME     only traces whose name, or the name of one of their spans,\n"
    "                  contains NAME\n"
    "  --limit N       only the last N matching traces\n"
    "  --no-color      no colors (they are used only when stdout is a terminal and\n"
    "                  NO_COLOR is not set)\n"
    "  -h, --help      print this help\n"
    "\n"
    "From a tracking server (SearchTracesV3, then each trace's spans), newest first:\n"
    "  --server [URI]          read from this MLflow tracking server (http:// or https://;\n"
    "                          default $MLFLOW_TRACKING_URI). Authentication and TLS come\n"
    "                          from the MLFLOW_TRACKING_* variables\n"
    "  --experiment ID         the experiment to list (may be repeated); default\n"
    "                          $MLFLOW_EXPERIMENT_ID or $MLFLOW_EXPERIMENT_NAME, else 0\n"
    "  --experiment-name NAME  the experiment with this name\n"
    "  --filter FILTER         MLflow's filter string, e.g. \"trace.status = 'ERROR'\",\n"
    "                          \"tags.env = 'dev'\", \"span.name = 'chat'\"\n"
    "  --max-results N         traces per request, 1 to 500 (default 100)\n"
    "  --page-token TOKEN      start at this page (printed when more traces remain)\n"
    "  --limit N               page through the results until N traces are printed\n"
    "                          (default: one page)\n"
    "  --trace-id ID           just this trace\n"
    "  --json                  print each trace as MLflow's Trace JSON, one per line\n"
    "  --name NAME             as above, checked after each page is fetched\n"
    "Exits 1 when the server cannot be reached or refuses the request (a bad filter).\n"
    "docs/viewing-traces.md has more.\n";

constexpr std::string_view kPushUsageLine =
    "usage: mlflow-cpp push [DIR] [--tracking-uri URI] [--quiet]\n";

constexpr std::string_view kPushHelp =
    "\n"
    "Delivers the traces kept in DIR's undelivered.jsonl (a traced program keeps there what its\n"
    "tracking server did not take in time) to the server and experiment each was meant for,\n"
    "exactly once: DIR's push-journal.log records each request before and after it goes out, so\n"
    "pushing again, also after a push was killed, sends nothing the server has. Stored lines that\n"
    "are not deliverable traces are reported (file:line) and skipped. DIR defaults to\n"
    "$MLFLOW_CPP_TRACE_DIR, else ./mlflow-traces. Authentication and TLS come from the\n"
    "MLFLOW_TRACKING_* variables, as in the traced program.\n"
    "\n"
    "options:\n"
    "  --tracking-uri URI  send to this server instead of the one recorded with each trace\n"
    "  --quiet             print only the summary and errors\n"
    "  -h, --help          print this help\n"
    "\n"
    "Exits 0 when every kept trace has been delivered, 1 when some could not be.\n";

constexpr const char* kDefaultTraceDir = "mlflow-traces";

// A usage error: the message, then how to get help. Returns kExitUsage.
int usage_error(std::string_view command, const std::string& message) {
  std::cerr << "mlflow-cpp" << (command.empty() ? "" : " ") << command << ": " << message << "\n";
  if (command == "show") {
    std::cerr << kShowUsageLine << "Run 'mlflow-cpp show --help' for more.\n";
  } else if (command == "push") {
    std::cerr << kPushUsageLine << "Run 'mlflow-cpp push --help' for more.\n";
  } else {
    std::cerr << kUsage;
  }
  return kExitUsage;
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

// Walks the arguments of a command; an option's value may follow as the next argument
// ("--limit 5") or after '=' ("--limit=5").
class Arguments {
 public:
  explicit Arguments(std::vector<std::string_view> args) : args_(std::move(args)) {}

  bool done() const { return next_ >= args_.size(); }
  std::string_view take() { return args_[next_++]; }

  // When `arg` is the command's operand DIR (not an option, or anything after "--"), or the
  // "--" that ends the options: true, with DIR in `dir`, or an error in `error` when DIR was
  // given already.
  bool operand(std::string_view arg, std::optional<std::string>& dir, std::string& error) {
    if (arg == "--" && !options_ended_) {
      options_ended_ = true;
      return true;
    }
    if (!options_ended_ && !arg.empty() && arg[0] == '-' && arg != "-") return false;
    if (dir) {
      error = "unexpected argument " + in_quotes(arg) + " (DIR is already " + in_quotes(*dir) + ")";
    } else {
      dir = std::string(arg);
    }
    return true;
  }
  std::string_view peek() const { return done() ? std::string_view() : args_[next_]; }

  // When `arg` is the option `name`, or `name=value`: true, with its value in `value`, or an
  // error in `error` when the value is missing.
  bool option_value(std::string_view arg, std::string_view name, std::string& value,
                    std::string& error) {
    if (arg == name) {
      if (done()) {
        error = "option " + std::string(name) + " needs a value";
      } else {
        value = std::string(take());
      }
      return true;
    }
    if (arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=') {
      value = std::string(arg.substr(name.size() + 1));
      return true;
    }
    return false;
  }

 private:
  std::vector<std::string_view> args_;
  std::size_t next_ = 0;
  bool options_ended_ = false;  // after "--", everything is DIR
};

std::optional<std::size_t> positive_number(std::string_view text) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || n == 0) {
    return std::nullopt;
  }
  return n;
}

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

// Colors only for a person at a terminal: not when piped, not when they asked for none
// (--no-color, or NO_COLOR as in no-color.org), not on a terminal that has none.
bool use_color(bool no_color_option) {
  if (no_color_option || env_set("NO_COLOR") || ::isatty(STDOUT_FILENO) == 0) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

// DIR as given, else the runtime's default: $MLFLOW_CPP_TRACE_DIR (set but empty counts as
// unset, as in the runtime), else ./mlflow-traces.
std::filesystem::path trace_dir(const std::optional<std::string>& dir) {
  if (dir) return *dir;
  if (env_set("MLFLOW_CPP_TRACE_DIR")) return std::getenv("MLFLOW_CPP_TRACE_DIR");
  return kDefaultTraceDir;
}

bool is_http_url(std::string_view text) {
  return text.substr(0, 7) == "http://" || text.substr(0, 8) == "https://";
}

int show_command(Arguments args) {
  ShowOptions options;
  ServerShowOptions server;
  std::optional<std::string> server_uri;  // set (maybe empty: from the environment) by --server
  std::optional<std::size_t> max_results;
  std::optional<std::string> dir;
  bool no_color = false;
  while (!args.done()) {
    const std::string_view arg = args.take();
    std::string value;
    std::string error;
    if (args.operand(arg, dir, error)) {
      if (!error.empty()) return usage_error("show", error);
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::cout << kShowUsageLine << kShowHelp;
      return kExitOk;
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--no-color") {
      no_color = true;
    } else if (args.option_value(arg, "--trace-id", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      if (value.empty()) return usage_error("show", "option --trace-id needs a trace id");
      options.trace_id = value;
    } else if (args.option_value(arg, "--name", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      options.name = value;
    } else if (args.option_value(arg, "--limit", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      options.limit = positive_number(value);
      if (!options.limit) {
        return usage_error("show",
                           "option --limit needs a whole number >= 1, not " + in_quotes(value));
      }
    } else if (arg == "--server") {
      // The URI is optional: taken when the next argument is one.
      server_uri = is_http_url(args.peek()) ? std::string(args.take()) : std::string();
    } else if (arg.substr(0, 9) == "--server=") {
      server_uri = std::string(arg.substr(9));
      if (!is_http_url(*server_uri))
        return usage_error("show", "option --server needs an http(s) URL, not " + in_quotes(*server_uri));
    } else if (args.option_value(arg, "--experiment", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      if (value.empty()) return usage_error("show", "option --experiment needs an experiment id");
      server.experiment_ids.push_back(value);
    } else if (args.option_value(arg, "--experiment-name", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      if (value.empty()) return usage_error("show", "option --experiment-name needs a name");
      server.experiment_name = value;
    } else if (args.option_value(arg, "--filter", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      server.filter = value;
    } else if (args.option_value(arg, "--max-results", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      max_results = positive_number(value);
      if (!max_results || *max_results > 500) {
        return usage_error("show", "option --max-results needs a whole number from 1 to 500, not " +
                                       in_quotes(value));
      }
      server.max_results = max_results;
    } else if (args.option_value(arg, "--page-token", value, error)) {
      if (!error.empty()) return usage_error("show", error);
      server.page_token = value;
    } else {
      return usage_error("show", "unknown option " + in_quotes(arg));
    }
  }

  options.color = use_color(no_color);
  if (server_uri) {
    if (dir) return usage_error("show", "DIR and --server cannot be used together");
    if (server_uri->empty()) {
      const char* env = std::getenv("MLFLOW_TRACKING_URI");
      if (env == nullptr || *env == '\0')
        return usage_error("show", "--server needs a URI, or MLFLOW_TRACKING_URI set");
      if (!is_http_url(env))
        return usage_error("show", "MLFLOW_TRACKING_URI=" + in_quotes(env) +
                                       " is not an http(s) URL; give the server's URI after --server");
      *server_uri = env;
    }
    while (!server_uri->empty() && server_uri->back() == '/') server_uri->pop_back();
    server.uri = *server_uri;
    if (!server.experiment_ids.empty() && server.experiment_name)
      return usage_error("show", "give --experiment or --experiment-name, not both");
    if (options.trace_id && (server.filter || server.page_token || max_results ||
                             !server.experiment_ids.empty() || server.experiment_name))
      return usage_error("show", "--trace-id shows one trace: it takes no --filter, --page-token, "
                                 "--max-results or --experiment");
    return run_show_server(options, server, std::cout, std::cerr);
  }
  if (!server.experiment_ids.empty() || server.experiment_name || server.filter || max_results ||
      server.page_token)
    return usage_error("show", "--experiment, --experiment-name, --filter, --max-results and "
                               "--page-token need --server");
  options.dir = trace_dir(dir);
  return run_show(options, std::cout, std::cerr);
}

int push_command(Arguments args) {
  PushCommandOptions options;
  std::optional<std::string> dir;
  while (!args.done()) {
    const std::string_view arg = args.take();
    std::string value;
    std::string error;
    if (args.operand(arg, dir, error)) {
      if (!error.empty()) return usage_error("push", error);
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::cout << kPushUsageLine << kPushHelp;
      return kExitOk;
    } else if (arg == "--quiet") {
      options.quiet = true;
    } else if (args.option_value(arg, "--tracking-uri", value, error)) {
      if (!error.empty()) return usage_error("push", error);
      if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
        return usage_error("push", "option --tracking-uri needs an http(s) URL, not " + in_quotes(value));
      options.tracking_uri = value;
    } else {
      return usage_error("push", "unknown option " + in_quotes(arg));
    }
  }
  options.dir = trace_dir(dir);
  return run_push(options, std::cout, std::cerr);
}

int run(std::vector<std::string_view> args) {
  if (args.empty()) return usage_error("", "missing command");
  const std::string_view command = args.front();
  Arguments rest(std::vector<std::string_view>(args.begin() + 1, args.end()));
  if (command == "-h" || command == "--help" || command == "help") {
    const std::string_view topic = command == "help" && !rest.done() ? rest.take() : "";
    if (topic == "show") {
      std::cout << kShowUsageLine << kShowHelp;
    } else if (topic == "push") {
      std::cout << kPushUsageLine << kPushHelp;
    } else {
      std::cout << kUsage;
    }
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "mlflow-cpp " << MLFLOW_CPP_VERSION << "\n";
    return kExitOk;
  }
  if (command == "show") return show_command(std::move(rest));
  if (command == "push") return push_command(std::move(rest));
  if (!command.empty() && command[0] == '-') {
    return usage_error("", "unknown option " + in_quotes(command));
  }
  return usage_error("", "unknown command " + in_quotes(command));
}

}  // namespace
}  // namespace mlflow::cli

int main(int argc, char** argv) {
  try {
    return mlflow::cli::run(std::vector<std::string_view>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    // Not expected (reading is tolerant); out of memory on a huge store is the likely one.
    std::cerr << "mlflow-cpp: error: " << e.what() << "\n";
    return mlflow::cli::kExitError;
  }
}
