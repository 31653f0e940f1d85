// local_trace_store.cpp: the local trace store (see local_trace_store.h for the guarantees).
//
// Writers: every append() opens the file itself, so each call has its own open file description
// and flock(2) excludes other threads of this process as well as other processes. The lock is
// held for the whole batch, and the file is closed (which releases it) before returning. The
// lines are ready before the file is opened, so the lock is held only for writing them.
//
// Readers take no lock: appends only ever add whole lines at the end, so the one thing a reader
// can meet is the unfinished end of an append in progress, a final line without its '\n'.
#include "store/local_trace_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <system_error>
#include <utility>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// "<what> '<path>': <strerror>", the shape of every error this file reports.
std::string describe(const char* what, const std::filesystem::path& path, int err) {
  // std::generic_category().message() is strerror without strerror's shared buffer.
  return std::string(what) + " '" + path.string() + "': " + std::generic_category().message(err);
}

// Owns a file descriptor. Closing it also releases a flock(2) taken on it.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }

  int get() const noexcept { return fd_; }

  void reset(int fd) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

  // Closes now; returns 0 or the errno of a failed close. On Linux the descriptor is released
  // even when close fails (and is never retried: it may already be reused), but a failure can
  // mean written data was lost (e.g. on NFS), so writers want to know. EINTR is not a loss.
  int close() noexcept {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 || errno == EINTR ? 0 : errno;
  }

 private:
  int fd_;
};

int open_retrying(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path, flags, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// Writes all of `data` at the end of the file (the descriptor is O_APPEND). One write(2) does it
// in the normal case; a short write (a signal arrived, the disk filled up) is continued with the
// rest of the same line, which stays contiguous because the caller holds the lock. Returns 0 or
// errno.
int write_fully(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    // write(2) returning 0 for a non-empty buffer would loop forever; it has no errno to report.
    if (n == 0) return EIO;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return 0;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// "parse error at line 1, column 57: syntax error while parsing object - unexpected end of
// input; expected '}'": nlohmann's message without its "[json.exception.parse_error.101] " tag.
// The message quotes the bytes it stopped at, which in garbage need not be text: bytes outside
// printable ASCII are written as \xHH, so the report is one line of valid UTF-8.
std::string parse_error_text(const std::exception& e) {
  std::string_view text = e.what();
  if (!text.empty() && text.front() == '[') {
    if (const std::size_t end = text.find("] "); end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  std::string printable;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      printable += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      printable += "\\x";
      printable += kHex[byte >> 4];
      printable += kHex[byte & 0xf];
    }
  }
  return printable;
}

// Everything read() needs while going through the files of one directory.
class Reader {
 public:
  using Callback = LocalTraceStore::LineCallback;

  explicit Reader(const Callback& on_trace) : on_trace_(on_trace) {}

  void read_file(const std::filesystem::path& file) {
    FileDescriptor fd(open_retrying(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      // Removed between listing the directory and opening it: nothing to read, not an error.
      if (errno != ENOENT) stats_.errors.push_back(describe("cannot open", file, errno));
      return;
    }
    // Lines are cut out of fixed-size chunks, so a large store never has to fit in memory; only
    // a line that spans chunks is copied (into `pending`).
    std::string pending;
    std::size_t number = 0;
    for (;;) {
      const ssize_t n = ::read(fd.get(), chunk_.data(), chunk_.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        stats_.errors.push_back(describe("cannot read", file, errno));
        return;  // what is in `pending` was cut short by the error, not by an append
      }
      if (n == 0) break;
      const char* begin = chunk_.data();
      const char* const end = begin + n;
      while (begin < end) {
        const auto size = static_cast<std::size_t>(end - begin);
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', size));
        if (newline == nullptr) {
          pending.append(begin, end);
          break;
        }
        ++number;
        if (pending.empty()) {
          on_line({std::string_view(begin, static_cast<std::size_t>(newline - begin)), file, number});
        } else {
          pending.append(begin, newline);
          on_line({pending, file, number});
          pending.clear();
        }
        begin = newline + 1;
      }
    }
    // A final line without '\n' is an append in progress: it may be complete JSON already (the
    // newline is written with it, but a reader can look between two short writes) or not. Or it
    // is what a writer killed mid-write left; the next append ends it with '\n', and from then
    // on it is a malformed line like any other.
    if (!pending.empty()) {
      ++stats_.incomplete;
      problem({pending, file, number + 1},
              "incomplete last line (" + std::to_string(pending.size()) +
                  " bytes without a newline: a trace still being written, or cut short by a "
                  "writer that was killed)");
    }
  }

  LocalTraceStore::ReadStats& stats() { return stats_; }

 private:
  void problem(const LocalTraceStore::StoredLine& line, const std::string& what) {
    if (stats_.problems.size() < LocalTraceStore::kMaxListedProblems) {
      stats_.problems.push_back(line.where() + ": " + what + "; skipped");
    } else {
      ++stats_.problems_not_listed;
    }
  }

  void on_line(const LocalTraceStore::StoredLine& line) {
    if (is_blank(line.text)) return;
    nlohmann::json trace;
    try {
      trace = nlohmann::json::parse(line.text.data(), line.text.data() + line.text.size());
    } catch (const nlohmann::json::exception& e) {
      // Garbage, a line cut short by a writer that died (ended with '\n' by the next append),
      // or invalid UTF-8.
      ++stats_.malformed;
      problem(line, "not JSON (" + parse_error_text(e) + ")");
      return;
    } catch (const std::exception& e) {
      // Only running out of memory is left to throw; that line is lost, the others are not.
      ++stats_.malformed;
      problem(line, std::string("cannot be read: ") + e.what());
      return;
    }
    if (!trace.is_object()) {
      ++stats_.malformed;
      problem(line, std::string("JSON ") + trace.type_name() + ", not a trace object");
      return;
    }
    if (auto format = trace.find(LocalTraceStore::kFormatKey); format != trace.end()) {
      if (!format->is_number_integer() || format->get<std::int64_t>() < 1) {
        ++stats_.malformed;
        problem(line, std::string(LocalTraceStore::kFormatKey) + " is " + format->dump() +
                          ", not a format number");
        return;
      }
      if (format->get<std::int64_t>() > LocalTraceStore::kFormatVersion) {
        ++stats_.newer_format;
        problem(line, "written in store format " + format->dump() +
                          " by a newer mlflow-cpp (this one reads format " +
                          std::to_string(LocalTraceStore::kFormatVersion) + "); use that version");
        return;
      }
    }
    ++stats_.traces;
    on_trace_(line, std::move(trace));
  }

  const Callback& on_trace_;
  LocalTraceStore::ReadStats stats_;
  std::vector<char> chunk_ = std::vector<char>(std::size_t{1} << 16);
};

}  // namespace

namespace {

// One append: the file open (O_APPEND) and locked (flock(2), exclusive) from open() until
// close() or destruction, written in whole lines.
class LockedAppend {
 public:
  // Opens the file, creating it and its directory when missing, and locks it. Returns the error
  // or an empty string.
  std::string open(const std::filesystem::path& dir, const std::filesystem::path& file) {
    file_ = &file;
    // O_RDWR rather than O_WRONLY only to look at the last byte (below); writes go to the end
    // regardless of the offset because of O_APPEND. The directory is created only when the open
    // says it is missing: no extra system call per append.
    // Owner-only (0600, and 0700 for a directory the store creates): traces hold the program's
    // arguments and results, which other users of the machine have no business reading.
    constexpr int kFlags = O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC;
    int fd = open_retrying(file.c_str(), kFlags, 0600);
    if (fd < 0 && errno == ENOENT) {
      std::error_code ec;
      bool created = std::filesystem::create_directories(dir, ec);
      if (ec) return "cannot create the trace directory '" + dir.string() + "': " + ec.message();
      if (created)
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, ec);
      fd = open_retrying(file.c_str(), kFlags, 0600);
    }
    if (fd < 0) return describe("cannot open", file, errno);
    fd_.reset(fd);

    int rc;
    do {
      rc = ::flock(fd_.get(), LOCK_EX);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) return describe("cannot lock", file, errno);

    // The file's size under the lock: where our first line starts. Tracked across writes so a
    // failed one can be cut back to its start.
    struct stat st;
    if (::fstat(fd_.get(), &st) != 0) return describe("cannot stat", file, errno);
    line_start_ = st.st_size;
    if (line_start_ > 0) {
      // Under the lock the file ends with '\n', unless a writer died mid-line (or could not take
      // its partial line back). That fragment is ended first, so it becomes one malformed line
      // instead of being glued to the front of our first line.
      char last = '\n';
      ssize_t n;
      do {
        n = ::pread(fd_.get(), &last, 1, line_start_ - 1);
      } while (n < 0 && errno == EINTR);
      end_fragment_ = n == 1 && last != '\n';
    }
    return {};
  }

  // Writes whole lines (`size` bytes ending with '\n') at the end of the file, with one write(2)
  // in the normal case. On failure, takes back whatever part of them made it, so the file still
  // ends at a line boundary, and returns the error.
  std::string write(const char* data, std::size_t size) {
    if (end_fragment_) {
      if (const int err = write_fully(fd_.get(), "\n", 1)) return fail(err);
      ++line_start_;
      end_fragment_ = false;
    }
    if (const int err = write_fully(fd_.get(), data, size)) return fail(err);
    line_start_ += static_cast<off_t>(size);
    return {};
  }

  // Closes the file (which releases the lock).
  std::string close() {
    if (const int err = fd_.close()) return describe("cannot close", *file_, err);
    return {};
  }

 private:
  std::string fail(int err) {
    // Best effort: if this fails too, the next append ends the fragment (open()).
    if (::ftruncate(fd_.get(), line_start_) != 0) {
      // Nothing more to do; the error worth reporting is the write's.
    }
    return describe("cannot append to", *file_, err);
  }

  const std::filesystem::path* file_ = nullptr;
  FileDescriptor fd_{-1};
  off_t line_start_ = 0;
  bool end_fragment_ = false;
};

}  // namespace

bool LocalTraceStore::append(const std::vector<std::string>& lines, std::string* error) const {
  const std::filesystem::path file = this->file();
  auto fail = [error](std::string why) {
    if (error != nullptr) *error = std::move(why);
    return false;
  };

  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find('\n') != std::string::npos) {
      return fail("trace " + std::to_string(i + 1) + " of " + std::to_string(lines.size()) +
                  " contains a newline; nothing was appended to '" + file.string() + "'");
    }
  }
  if (lines.empty()) return true;

  LockedAppend append;
  if (std::string why = append.open(dir_, file); !why.empty()) return fail(std::move(why));

  // Whole lines, several per write(2) (up to kChunkBytes): one system call per chunk instead of
  // one per trace.
  constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
  std::string buffer;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    buffer.append(lines[i]);
    buffer.push_back('\n');
    if (i + 1 < lines.size() && buffer.size() < kChunkBytes) continue;
    if (std::string why = append.write(buffer.data(), buffer.size()); !why.empty())
      return fail(std::move(why));
    buffer.clear();
  }
  if (std::string why = append.close(); !why.empty()) return fail(std::move(why));
  return true;
}

bool LocalTraceStore::append_lines(std::string_view lines, std::string* error) const {
  const std::filesystem::path file = this->file();
  auto fail = [error](std::string why) {
    if (error != nullptr) *error = std::move(why);
    return false;
  };
  if (lines.empty()) return true;
  if (lines.back() != '\n')
    return fail("the lines do not end with a newline; nothing was appended to '" + file.string() +
                "'");

  LockedAppend append;
  if (std::string why = append.open(dir_, file); !why.empty()) return fail(std::move(why));
  if (std::string why = append.write(lines.data(), lines.size()); !why.empty())
    return fail(std::move(why));
  if (std::string why = append.close(); !why.empty()) return fail(std::move(why));
  return true;
}

std::string LocalTraceStore::StoredLine::where() const {
  return file.string() + ":" + std::to_string(number);
}

LocalTraceStore::ReadStats LocalTraceStore::read(
    const std::filesystem::path& dir, const std::function<void(nlohmann::json&& trace)>& on_trace) {
  return read_lines(dir, [&on_trace](const StoredLine&, nlohmann::json&& trace) {
    on_trace(std::move(trace));
  });
}

LocalTraceStore::ReadStats LocalTraceStore::read_lines(const std::filesystem::path& dir,
                                                       const LineCallback& on_trace) {
  Reader reader(on_trace);
  auto& stats = reader.stats();

  std::error_code ec;
  std::filesystem::directory_iterator entry(dir, ec);
  if (ec) {
    // No store yet (nothing was traced) is the normal empty case, not an error.
    if (ec != std::errc::no_such_file_or_directory) {
      stats.errors.push_back("cannot list '" + dir.string() + "': " + ec.message());
    }
    return std::move(stats);
  }

  std::vector<std::filesystem::path> files;
  for (const std::filesystem::directory_iterator end; entry != end;) {
    // Directories (even one named x.jsonl), sockets and dangling links are not trace files.
    std::error_code type_ec;
    if (entry->path().extension() == ".jsonl" && entry->is_regular_file(type_ec)) {
      files.push_back(entry->path());
    }
    entry.increment(ec);
    if (ec) {
      stats.errors.push_back("cannot list '" + dir.string() + "': " + ec.message());
      break;
    }
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return a.filename().native() < b.filename().native();
  });

  for (const auto& file : files) reader.read_file(file);
  return std::move(stats);
}

LocalTraceStore::ReadStats LocalTraceStore::read_own_file(
    const std::function<void(nlohmann::json&& trace)>& on_trace) const {
  return read_own_file_lines([&on_trace](const StoredLine&, nlohmann::json&& trace) {
    on_trace(std::move(trace));
  });
}

LocalTraceStore::ReadStats LocalTraceStore::read_own_file_lines(const LineCallback& on_trace) const {
  Reader reader(on_trace);
  std::error_code ec;
  if (std::filesystem::exists(file(), ec)) reader.read_file(file());
  return std::move(reader.stats());
}

}  // namespace detail
MLFLOW_END_NAMESPACE
