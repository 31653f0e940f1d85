// local_trace_store_test.cpp: the local trace store's file format and its guarantees (whole
// lines under concurrent appends from threads and processes; torn and malformed lines skipped).
#include "store/local_trace_store.h"

#include "export/local_store/local_store_exporter.h"
#include "format/trace_line_writer.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {
using namespace mlflow::detail;

namespace fs = std::filesystem;
using nlohmann::json;

class LocalTraceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One directory per test and process, so tests can run in parallel (ctest -j).
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("mlflow-store-test-" + std::to_string(::getpid()) + "-" +
                                        info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    ASSERT_TRUE(out.good()) << path;
  }

  static std::string file_content(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // Everything read() hands over, in order.
  static std::vector<json> read_all(const fs::path& dir, LocalTraceStore::ReadStats* stats) {
    std::vector<json> traces;
    *stats = LocalTraceStore::read(dir, [&](json&& trace) { traces.push_back(std::move(trace)); });
    return traces;
  }

  fs::path dir_;
};

TEST_F(LocalTraceStoreTest, AppendThenReadRoundTrips) {
  const std::vector<std::string> first = {
      R"({"info":{"trace_id":"tr-0123456789abcdef0123456789abcdef"},"data":{"spans":[]}})",
      R"({"info": {"trace_id": "tr-2"}, "text": "caf\u00e9 \\n \"q\""})",
  };
  const std::vector<std::string> second = {R"({"n":3})"};
  LocalTraceStore store(dir_);
  std::string error;
  ASSERT_TRUE(store.append(first, &error)) << error;
  ASSERT_TRUE(store.append(second, &error)) << error;

  // The file holds exactly the lines, each ended by '\n', in append order.
  EXPECT_EQ(file_content(dir_ / LocalTraceStore::kFileName),
            first[0] + "\n" + first[1] + "\n" + second[0] + "\n");

  std::vector<std::string> texts;
  std::vector<json> traces;
  std::vector<std::string> places;
  const auto stats = LocalTraceStore::read_lines(dir_, [&](const LocalTraceStore::StoredLine& line,
                                                           json&& trace) {
    texts.emplace_back(line.text);
    places.push_back(line.where());
    traces.push_back(std::move(trace));
  });
  EXPECT_EQ(stats.traces, 3u);
  EXPECT_EQ(stats.incomplete, 0u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_TRUE(stats.errors.empty());
  EXPECT_EQ(texts, (std::vector<std::string>{first[0], first[1], second[0]}));
  const std::string file = (dir_ / LocalTraceStore::kFileName).string();
  EXPECT_EQ(places, (std::vector<std::string>{file + ":1", file + ":2", file + ":3"}));
  ASSERT_EQ(traces.size(), 3u);
  EXPECT_EQ(traces[0], json::parse(first[0]));
  EXPECT_EQ(traces[1], json::parse(first[1]));
  EXPECT_EQ(traces[1]["text"], "caf\xc3\xa9 \\n \"q\"");
  EXPECT_EQ(traces[2], json::parse(second[0]));

  // read() gives the same objects as read_lines().
  LocalTraceStore::ReadStats plain_stats;
  EXPECT_EQ(read_all(dir_, &plain_stats), traces);
  EXPECT_EQ(plain_stats.traces, 3u);
}

TEST_F(LocalTraceStoreTest, AppendCreatesMissingDirectories) {
  const fs::path nested = dir_ / "a" / "b";
  ASSERT_FALSE(fs::exists(dir_));
  std::string error;
  ASSERT_TRUE(LocalTraceStore(nested).append({R"({"n":1})"}, &error)) << error;
  EXPECT_TRUE(fs::is_directory(nested));
  EXPECT_EQ(file_content(nested / LocalTraceStore::kFileName), "{\"n\":1}\n");
}

TEST_F(LocalTraceStoreTest, EmptyBatchWritesNothing) {
  std::string error;
  EXPECT_TRUE(LocalTraceStore(dir_).append({}, &error)) << error;
  EXPECT_FALSE(fs::exists(dir_));
}

TEST_F(LocalTraceStoreTest, MissingDirectoryReadsAsEmpty) {
  LocalTraceStore::ReadStats stats;
  EXPECT_TRUE(read_all(dir_ / "nothing-here", &stats).empty());
  EXPECT_EQ(stats.traces, 0u);
  EXPECT_EQ(stats.incomplete, 0u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_TRUE(stats.errors.empty());
}

TEST_F(LocalTraceStoreTest, UnterminatedLastLineIsSkippedAsIncomplete) {
  // The last line is valid JSON: only the missing '\n' tells that its append is not finished.
  write_file(dir_ / "traces.jsonl", "{\"n\":1}\n{\"n\":2}");
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats), (std::vector<json>{{{"n", 1}}}));
  EXPECT_EQ(stats.traces, 1u);
  EXPECT_EQ(stats.incomplete, 1u);
  EXPECT_EQ(stats.malformed, 0u);

  // The common case: the line is cut in the middle.
  write_file(dir_ / "traces.jsonl", "{\"n\":1}\n{\"n\":2}\n{\"info\": {\"tra");
  EXPECT_EQ(read_all(dir_, &stats), (std::vector<json>{{{"n", 1}}, {{"n", 2}}}));
  EXPECT_EQ(stats.incomplete, 1u);
  EXPECT_EQ(stats.malformed, 0u);
}

TEST_F(LocalTraceStoreTest, MalformedLinesAreSkippedAndCounted) {
  write_file(dir_ / "traces.jsonl",
             "{\"n\":1}\n"
             "not json\n"
             "[1, 2]\n"           // JSON, but not an object
             "\"text\"\n"         // likewise
             "{\"n\":2} trailing\n"
             "{\"n\":\"\xff\"}\n"  // invalid UTF-8
             "\n"                  // blank lines hold no trace and are not counted
             "  \r\n"
             "{\"n\":3}\n");
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats), (std::vector<json>{{{"n", 1}}, {{"n", 3}}}));
  EXPECT_EQ(stats.traces, 2u);
  EXPECT_EQ(stats.malformed, 5u);
  EXPECT_EQ(stats.incomplete, 0u);
  EXPECT_TRUE(stats.errors.empty());
}

TEST_F(LocalTraceStoreTest, EachSkippedLineIsReportedWithItsFileAndLineNumber) {
  // What a killed writer leaves (a line cut short, ended by the next append), garbage, and an
  // append in progress at the end: each is one problem naming the file and line; the traces
  // around them are read.
  write_file(dir_ / "traces.jsonl",
             "{\"n\":1}\n"
             "{\"info\": {\"trace_id\": \"tr-1\", \"state\n"  // cut short
             "\xff\x02garbage\n"                              // not even text
             "\n"                                             // blank: not a problem
             "[1]\n"
             "{\"n\":2}\n"
             "{\"n\":3");                                     // no newline yet
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats), (std::vector<json>{{{"n", 1}}, {{"n", 2}}}));
  EXPECT_EQ(stats.malformed, 3u);
  EXPECT_EQ(stats.incomplete, 1u);
  const std::string file = (dir_ / "traces.jsonl").string();
  ASSERT_EQ(stats.problems.size(), 4u);
  EXPECT_EQ(stats.problems[0].rfind(file + ":2: not JSON (parse error at line 1, column 37: ", 0), 0u)
      << stats.problems[0];
  EXPECT_EQ(stats.problems[1].rfind(file + ":3: not JSON (", 0), 0u) << stats.problems[1];
  EXPECT_EQ(stats.problems[2], file + ":5: JSON array, not a trace object; skipped");
  EXPECT_EQ(stats.problems[3],
            file + ":7: incomplete last line (6 bytes without a newline: a trace still being "
                   "written, or cut short by a writer that was killed); skipped");
  for (const auto& problem : stats.problems) {
    EXPECT_EQ(problem.substr(problem.size() - 9), "; skipped") << problem;
    // One line of printable text, whatever bytes the line held.
    for (const char c : problem) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << problem;
  }
  EXPECT_EQ(stats.problems_not_listed, 0u);
}

TEST_F(LocalTraceStoreTest, LinesOfANewerFormatAreSkippedAndReported) {
  // No marker is format 1 (every line written so far); 1 is read; a higher number is a newer
  // mlflow-cpp's line, skipped rather than misread; a marker that is not a format number is
  // malformed.
  write_file(dir_ / "undelivered.jsonl",
             "{\"n\":1}\n"
             "{\"n\":2,\"mlflow_cpp_format\":1}\n"
             "{\"n\":3,\"mlflow_cpp_format\":2,\"info\":{\"new\":true}}\n"
             "{\"n\":4,\"mlflow_cpp_format\":\"2\"}\n"
             "{\"n\":5,\"mlflow_cpp_format\":0}\n"
             "{\"n\":6}\n");
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats),
            (std::vector<json>{{{"n", 1}}, {{"n", 2}, {"mlflow_cpp_format", 1}}, {{"n", 6}}}));
  EXPECT_EQ(stats.traces, 3u);
  EXPECT_EQ(stats.newer_format, 1u);
  EXPECT_EQ(stats.malformed, 2u);
  const std::string file = (dir_ / "undelivered.jsonl").string();
  EXPECT_EQ(stats.problems,
            (std::vector<std::string>{
                file + ":3: written in store format 2 by a newer mlflow-cpp (this one reads format "
                       "1); use that version; skipped",
                file + ":4: mlflow_cpp_format is \"2\", not a format number; skipped",
                file + ":5: mlflow_cpp_format is 0, not a format number; skipped"}));
}

TEST_F(LocalTraceStoreTest, ProblemsAreListedUpToACapAndAllCounted) {
  // A file of garbage must not make a report as large as itself.
  const std::size_t lines = LocalTraceStore::kMaxListedProblems + 25;
  std::string content;
  for (std::size_t i = 0; i < lines; ++i) content += "garbage\n";
  content += "{\"n\":1}\n";
  write_file(dir_ / "traces.jsonl", content);
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats), (std::vector<json>{{{"n", 1}}}));
  EXPECT_EQ(stats.malformed, lines);
  EXPECT_EQ(stats.problems.size(), LocalTraceStore::kMaxListedProblems);
  EXPECT_EQ(stats.problems_not_listed, 25u);
}

TEST_F(LocalTraceStoreTest, ReadsEveryJsonlFileInNameOrder) {
  write_file(dir_ / "traces.jsonl", "{\"n\":3}\n{\"n\":4}\n");
  write_file(dir_ / "b-2025.jsonl", "{\"n\":2}\n");
  write_file(dir_ / "a-2024.jsonl", "{\"n\":1}\n");
  // Not trace files: other extensions, and a directory named like one (not read recursively).
  write_file(dir_ / "notes.txt", "{\"n\":100}\n");
  write_file(dir_ / "traces.jsonl.bak", "{\"n\":101}\n");
  write_file(dir_ / "old.jsonl" / "traces.jsonl", "{\"n\":102}\n");

  LocalTraceStore::ReadStats stats;
  const auto traces = read_all(dir_, &stats);
  std::vector<int> order;
  for (const auto& trace : traces) order.push_back(trace["n"].get<int>());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(stats.traces, 4u);
  EXPECT_TRUE(stats.errors.empty());
}

TEST_F(LocalTraceStoreTest, IncompleteLineIsCountedPerFile) {
  write_file(dir_ / "a.jsonl", "{\"n\":1}\n{\"n\"");
  write_file(dir_ / "b.jsonl", "{\"n\":2}\n");
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats), (std::vector<json>{{{"n", 1}}, {{"n", 2}}}));
  EXPECT_EQ(stats.incomplete, 1u);
  EXPECT_EQ(stats.malformed, 0u);
}

TEST_F(LocalTraceStoreTest, AppendEndsALineLeftTornByADeadWriter) {
  // A writer died after writing part of a line: the fragment must not swallow the next trace.
  write_file(dir_ / "traces.jsonl", "{\"n\":1}\n{\"n\":");
  std::string error;
  ASSERT_TRUE(LocalTraceStore(dir_).append({R"({"n":2})"}, &error)) << error;
  EXPECT_EQ(file_content(dir_ / "traces.jsonl"), "{\"n\":1}\n{\"n\":\n{\"n\":2}\n");
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats), (std::vector<json>{{{"n", 1}}, {{"n", 2}}}));
  EXPECT_EQ(stats.malformed, 1u);
  EXPECT_EQ(stats.incomplete, 0u);
}

TEST_F(LocalTraceStoreTest, LineWithANewlineIsRefusedBeforeWritingAnything) {
  std::string error;
  EXPECT_FALSE(LocalTraceStore(dir_).append({R"({"n":1})", "{\"n\":\n2}"}, &error));
  EXPECT_NE(error.find("trace 2 of 2 contains a newline"), std::string::npos) << error;
  EXPECT_NE(error.find((dir_ / "traces.jsonl").string()), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir_ / "traces.jsonl"));
}

TEST_F(LocalTraceStoreTest, AppendFailureNamesThePathAndTheReason) {
  // The store's directory is taken by a regular file.
  write_file(dir_ / "store", "not a directory");
  std::string error;
  EXPECT_FALSE(LocalTraceStore(dir_ / "store").append({R"({"n":1})"}, &error));
  EXPECT_NE(error.find((dir_ / "store").string()), std::string::npos) << error;
  EXPECT_TRUE(error.find("exists") != std::string::npos ||
              error.find("Not a directory") != std::string::npos)
      << error;
  // A null `error` is allowed.
  EXPECT_FALSE(LocalTraceStore(dir_ / "store").append({R"({"n":1})"}, nullptr));
}

TEST_F(LocalTraceStoreTest, AppendLinesWritesTheBufferAsItIs) {
  // The exporter's path: lines already joined, each with its '\n', in one buffer.
  const fs::path nested = dir_ / "a";
  std::string error;
  EXPECT_TRUE(LocalTraceStore(nested).append_lines("", &error)) << error;
  EXPECT_FALSE(fs::exists(nested));  // nothing to write: not even the directory
  ASSERT_TRUE(LocalTraceStore(nested).append_lines("{\"n\":1}\n{\"n\":2}\n", &error)) << error;
  ASSERT_TRUE(LocalTraceStore(nested).append_lines("{\"n\":3}\n", &error)) << error;
  EXPECT_EQ(file_content(nested / LocalTraceStore::kFileName), "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");

  // A torn line left by a dead writer is ended first, as by append().
  write_file(dir_ / "traces.jsonl", "{\"n\":1}\n{\"n\":");
  ASSERT_TRUE(LocalTraceStore(dir_).append_lines("{\"n\":2}\n", &error)) << error;
  EXPECT_EQ(file_content(dir_ / "traces.jsonl"), "{\"n\":1}\n{\"n\":\n{\"n\":2}\n");

  // Text that does not end a line is refused, nothing written.
  EXPECT_FALSE(LocalTraceStore(dir_).append_lines("{\"n\":3}", &error));
  EXPECT_NE(error.find("do not end with a newline"), std::string::npos) << error;
  EXPECT_EQ(file_content(dir_ / "traces.jsonl"), "{\"n\":1}\n{\"n\":\n{\"n\":2}\n");

  // Failures name the path and the reason.
  write_file(dir_ / "store", "not a directory");
  EXPECT_FALSE(LocalTraceStore(dir_ / "store").append_lines("{\"n\":1}\n", &error));
  EXPECT_NE(error.find((dir_ / "store").string()), std::string::npos) << error;
  EXPECT_NE(error.find("Not a directory"), std::string::npos) << error;
}

// The exporter writes each trace of a batch as trace_to_json_line does, one line each, in batch
// order, also when the batch is larger than one write's worth (LocalStoreExporter::kChunkBytes).
TEST_F(LocalTraceStoreTest, ExporterWritesOneLinePerTraceInBatchOrder) {
  auto make_trace = [](int n, std::size_t input_bytes) {
    auto trace = std::make_unique<CompletedTrace>();
    trace->trace_id = TraceId{0x1234, static_cast<std::uint64_t>(n) + 1};
    trace->experiment_id = "0";
    for (int i = 0; i < 3; ++i) {
      auto span = std::make_unique<SpanRecord>();
      span->span_id = static_cast<SpanId>(100 * (n + 1) + i);
      span->parent_span_id = i == 0 ? 0 : static_cast<SpanId>(100 * (n + 1));
      span->name = "span \"" + std::to_string(i) + "\"\n";
      span->span_type = "TOOL";
      span->start_unix_nano = 1764000000000000000 + n;
      span->end_unix_nano = span->start_unix_nano + 1000;
      span->has_inputs = true;
      span->inputs = json{{"n", n}, {"text", std::string(input_bytes, 'x') + "caf\xc3\xa9 \xff"}};
      span->ended = true;
      trace->spans.push_back(std::move(span));
    }
    return trace;
  };
  LocalStoreExporter exporter(dir_);
  ExportDeadline deadline;
  std::string expected;
  for (const std::size_t input_bytes : {std::size_t{10}, std::size_t{100000}}) {  // 2nd: ~6 MB
    std::vector<std::unique_ptr<CompletedTrace>> batch;
    for (int n = 0; n < 20; ++n) batch.push_back(make_trace(n, input_bytes));
    exporter.export_traces(batch, deadline);
    for (const auto& trace : batch) expected += trace_to_json_line(*trace) + "\n";
  }
  EXPECT_EQ(file_content(dir_ / LocalTraceStore::kFileName), expected);
  LocalTraceStore::ReadStats stats;
  EXPECT_EQ(read_all(dir_, &stats).size(), 40u);
  EXPECT_EQ(stats.malformed, 0u);
}

TEST_F(LocalTraceStoreTest, UnreadableDirectoryIsReportedNotFatal) {
  write_file(dir_ / "store", "not a directory");
  LocalTraceStore::ReadStats stats;
  EXPECT_TRUE(read_all(dir_ / "store", &stats).empty());
  ASSERT_EQ(stats.errors.size(), 1u);
  EXPECT_NE(stats.errors[0].find((dir_ / "store").string()), std::string::npos)
      << stats.errors[0];
  EXPECT_NE(stats.errors[0].find("Not a directory"), std::string::npos) << stats.errors[0];
}

// The lines of the concurrency test: distinct, self-describing, and some larger than a pipe
// buffer (64 KiB) and than several pages, so a torn or interleaved write would show.
constexpr int kProcesses = 4;
constexpr int kThreadsPerProcess = 2;
constexpr int kLinesPerThread = 500;

std::size_t padding_size(int n) {
  if (n % 50 == 0) return 100 * 1024;
  if (n % 10 == 3) return 5000;
  return static_cast<std::size_t>(10 + n % 200);
}

char padding_char(int process, int thread, int n) {
  return static_cast<char>('a' + (process * 7 + thread * 3 + n) % 26);
}

std::string concurrency_line(int process, int thread, int n) {
  return json{{"p", process},
              {"t", thread},
              {"n", n},
              {"pad", std::string(padding_size(n), padding_char(process, thread, n))}}
      .dump();
}

// Runs in a child process: its threads append their lines, in batches of 1 to 3 lines. The lines
// are built first and every thread of every child starts appending when `start_fd` (a pipe the
// parent closes) reports end of file, so the appends overlap as much as they can.
[[noreturn]] void append_from_child(const fs::path& dir, int process, int start_fd) {
  std::vector<std::vector<std::vector<std::string>>> batches(kThreadsPerProcess);
  for (int t = 0; t < kThreadsPerProcess; ++t) {
    for (int n = 0; n < kLinesPerThread;) {
      auto& batch = batches[t].emplace_back();
      for (int k = 0; k < 1 + n % 3 && n < kLinesPerThread; ++k, ++n) {
        batch.push_back(concurrency_line(process, t, n));
      }
    }
  }
  char byte;
  while (::read(start_fd, &byte, 1) < 0 && errno == EINTR) {
  }

  std::atomic<bool> ok{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreadsPerProcess; ++t) {
    threads.emplace_back([&, t] {
      const LocalTraceStore store(dir);
      for (const auto& batch : batches[t]) {
        std::string error;
        if (!store.append(batch, &error)) {
          std::fprintf(stderr, "child %d thread %d: %s\n", process, t, error.c_str());
          ok = false;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  // _exit: the child must not run the parent's atexit handlers or GoogleTest's reporting.
  ::_exit(ok ? 0 : 1);
}

TEST_F(LocalTraceStoreTest, ConcurrentAppendsFromProcessesAndThreadsStayWholeLines) {
  int start[2];
  ASSERT_EQ(::pipe(start), 0);
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0) << "fork failed";
    if (pid == 0) {
      ::close(start[1]);
      append_from_child(dir_, p, start[0]);
    }
    children.push_back(pid);
  }
  ::close(start[0]);
  ::close(start[1]);  // go

  // Read while the children write: a reader may meet an append in progress (incomplete), but
  // never a malformed line.
  std::size_t reads_during_writes = 0;
  std::size_t malformed_during_writes = 0;
  std::set<pid_t> running(children.begin(), children.end());
  while (!running.empty()) {
    LocalTraceStore::ReadStats stats = LocalTraceStore::read(dir_, [](json&&) {});
    ++reads_during_writes;
    malformed_during_writes += stats.malformed;
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      const pid_t done = ::waitpid(*it, &status, WNOHANG);
      if (done == 0) {
        ++it;
        continue;
      }
      EXPECT_EQ(done, *it);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "child " << *it << " failed (status " << status << ")";
      it = running.erase(it);
    }
  }
  EXPECT_EQ(malformed_during_writes, 0u) << "over " << reads_during_writes << " reads";

  std::map<std::tuple<int, int, int>, int> seen;
  std::size_t bad_lines = 0;
  const auto stats = LocalTraceStore::read(dir_, [&](json&& trace) {
    const int p = trace.value("p", -1);
    const int t = trace.value("t", -1);
    const int n = trace.value("n", -1);
    const std::string pad = trace.value("pad", std::string());
    if (pad != std::string(padding_size(n), padding_char(p, t, n))) ++bad_lines;
    ++seen[{p, t, n}];
  });
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_EQ(stats.incomplete, 0u);
  EXPECT_TRUE(stats.errors.empty());
  EXPECT_EQ(bad_lines, 0u);
  EXPECT_EQ(stats.traces,
            static_cast<std::size_t>(kProcesses * kThreadsPerProcess * kLinesPerThread));

  std::size_t missing = 0;
  std::size_t duplicated = 0;
  for (int p = 0; p < kProcesses; ++p) {
    for (int t = 0; t < kThreadsPerProcess; ++t) {
      for (int n = 0; n < kLinesPerThread; ++n) {
        const auto it = seen.find({p, t, n});
        if (it == seen.end()) {
          ++missing;
        } else if (it->second != 1) {
          ++duplicated;
        }
      }
    }
  }
  EXPECT_EQ(missing, 0u);
  EXPECT_EQ(duplicated, 0u);
  EXPECT_EQ(seen.size(),
            static_cast<std::size_t>(kProcesses * kThreadsPerProcess * kLinesPerThread));
}

}  // namespace
