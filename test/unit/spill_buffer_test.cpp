// spill_buffer_test.cpp: traces kept locally by the threads that completed them are gathered
// and written a chunk at a time (export/spill_buffer.h): each line written exactly once, none
// before it is due, every one by write_pending(), a full chunk by the thread that fills it, and
// a forked child never writes its parent's lines.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "export/spill_buffer.h"
#include "store/local_trace_store.h"

namespace mlflow::testing {
namespace {

using detail::LocalTraceStore;
using detail::SpillBuffer;

class SpillBufferTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The lines of the store's file, as written.
  std::vector<std::string> written() const {
    std::vector<std::string> lines;
    std::ifstream in(store_.file());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  static std::string line(int i) { return "{\"trace\":" + std::to_string(i) + "}\n"; }

  const std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                                     ("mlflow-cpp-spill-" + std::to_string(std::random_device{}()));
  const LocalTraceStore store_{dir_};
};

TEST_F(SpillBufferTest, LinesAreWrittenWhenDueNotOneByOne) {
  SpillBuffer buffer(store_, "traces");
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(buffer.add(line(i)));
  EXPECT_TRUE(written().empty());  // gathered, not written per line
  buffer.write_pending();
  ASSERT_EQ(written().size(), 10u);
  EXPECT_EQ(written()[3], "{\"trace\":3}");
  buffer.write_pending();  // nothing new: nothing written again
  EXPECT_EQ(written().size(), 10u);
}

TEST_F(SpillBufferTest, TheThreadThatFillsAChunkWritesIt) {
  SpillBuffer buffer(store_, "traces");
  const std::string big = "{\"pad\":\"" + std::string(1000, 'x') + "\"}\n";
  std::size_t added = 0;
  int lines = 0;
  while (added + big.size() < SpillBuffer::kWriteBytes) {
    ASSERT_TRUE(buffer.add(big));
    added += big.size();
    ++lines;
  }
  EXPECT_TRUE(written().empty());
  ASSERT_TRUE(buffer.add(big));  // crosses kWriteBytes
  EXPECT_EQ(written().size(), static_cast<std::size_t>(lines + 1));
}

TEST_F(SpillBufferTest, ALineOfAChunkOrMoreIsWrittenAtOnceNotCopied) {
  SpillBuffer buffer(store_, "traces");
  ASSERT_TRUE(buffer.add(line(1)));
  const std::string huge = "{\"pad\":\"" + std::string(SpillBuffer::kWriteBytes, 'x') + "\"}\n";
  ASSERT_TRUE(buffer.add(huge));
  ASSERT_EQ(written().size(), 1u);  // the huge line only: the small one waits for its chunk
  EXPECT_EQ(written()[0].size(), huge.size() - 1);
  buffer.write_pending();
  ASSERT_EQ(written().size(), 2u);
  EXPECT_EQ(written()[1], "{\"trace\":1}");
}

TEST_F(SpillBufferTest, TheDestructorWritesWhatIsPending) {
  {
    SpillBuffer buffer(store_, "traces");
    ASSERT_TRUE(buffer.add(line(1)));
  }
  EXPECT_EQ(written().size(), 1u);
}

TEST_F(SpillBufferTest, ThreadsAddingAtOnceLoseNothingAndWriteNothingTwice) {
  SpillBuffer buffer(store_, "traces");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;  // about 90 KB each: several chunks written by adders
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        buffer.add("{\"thread\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) +
                   ",\"pad\":\"" + std::string(40, 'p') + "\"}\n");
        if (i % 997 == 0) buffer.write_pending();  // as the export thread and flush() do
      }
    });
  for (auto& thread : threads) thread.join();
  buffer.write_pending();
  std::map<std::string, int> seen;
  for (const auto& text : written()) ++seen[text];
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (const auto& [text, count] : seen) ASSERT_EQ(count, 1) << text;
}

TEST_F(SpillBufferTest, AForkedChildDoesNotWriteItsParentsLines) {
  SpillBuffer buffer(store_, "traces");
  ASSERT_TRUE(buffer.add(line(1)));
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0) << "fork failed";
  if (pid == 0) {
    // The child: its own line only.
    buffer.add(line(2));
    buffer.write_pending();
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(written(), std::vector<std::string>{"{\"trace\":2}"});
  buffer.write_pending();
  EXPECT_EQ(written(), (std::vector<std::string>{"{\"trace\":2}", "{\"trace\":1}"}));
}

}  // namespace
}  // namespace mlflow::testing
