// child_process.h: runs this benchmark binary again as a fresh process (posix_spawn of
// /proc/self/exe) and reads back what it printed, for figures that only a fresh process shows
// (the first trace of a program, whole-process CPU). The child prints "key value" lines; the
// parent gets them as a map. Shared by wide_trace_bench.cpp, process_cpu_bench.cpp and
// trace_memory_bench.cpp.
#ifndef MLFLOW_BENCH_CHILD_PROCESS_H
#define MLFLOW_BENCH_CHILD_PROCESS_H

#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

extern char** environ;

namespace bench {

// CPU seconds of a clock: CLOCK_THREAD_CPUTIME_ID (the calling thread) or
// CLOCK_PROCESS_CPUTIME_ID (every thread of the process, the export thread included).
inline double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A trace directory of its own for one child, removed with the object.
class ScratchDir {
 public:
  ScratchDir()
      : path_(std::filesystem::temp_directory_path() /
              ("mlflow-cpp-bench-" + std::to_string(std::random_device{}()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs this binary with `args` in this environment, minus every MLFLOW_* and OTEL_* variable
// (the child must not pick up another exporter or limit from the caller's shell), plus `env`.
// Returns the child's "key value" lines, or nullopt with `error` set when it did not exit 0.
inline std::optional<std::map<std::string, double>> run_child(
    const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env,
    std::string& error) {
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e) {
    const std::string_view v(*e);
    if (v.rfind("MLFLOW_", 0) == 0 || v.rfind("OTEL_", 0) == 0) continue;
    env_text.emplace_back(v);
  }
  for (const auto& [k, v] : env) env_text.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> arg_text = {"/proc/self/exe"};
  arg_text.insert(arg_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : arg_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe(out) != 0) return error = "pipe failed", std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, arg_text[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) return ::close(out[0]), error = "posix_spawn failed", std::nullopt;
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return error = "the child failed (status " + std::to_string(status) + "): " + text, std::nullopt;
  std::map<std::string, double> values;
  std::istringstream in(text);
  for (std::string key; in >> key;) in >> values[key];
  return values;
}

}  // namespace bench

#endif  // MLFLOW_BENCH_CHILD_PROCESS_H
