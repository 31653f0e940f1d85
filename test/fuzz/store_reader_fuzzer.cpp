// store_reader_fuzzer.cpp: the local store's reader (store/local_trace_store.h) and what
// `mlflow-cpp push` makes of each stored trace (format/trace_from_dict.h, then the OTLP request),
// on any file content.
//
// The input is the content of a store file, written to traces.jsonl in a directory of its own
// and read back with LocalTraceStore::read_lines, as `mlflow-cpp show` and `push` read it.
// Checks: the reader's counts agree with the file's lines, split here independently (a final
// line without '\n' is an incomplete append; a blank line is nothing; a line that is a JSON
// object is a trace, any other a malformed line), and each trace comes with its line as stored.
// Each trace is rebuilt as push rebuilds it (completed_trace_from_dict: a malformed one throws
// an exception, which push reports, and is skipped), then written as the spans of an OTLP
// request, as push sends them, and back as span dicts: the ids, names and times written are the
// ones stored.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/id_text.h"
#include "format/otlp_encoding.h"
#include "format/trace_dict.h"
#include "format/trace_from_dict.h"
#include "fuzz_input.h"
#include "store/local_trace_store.h"

using mlflow_fuzz::is_valid_utf8;
using namespace mlflow::detail;

namespace {

std::filesystem::path store_dir;

// A store's own directory, removed at exit.
void make_store_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                        "/mlflow-store-fuzzer-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  store_dir = pattern;
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(store_dir, ec);
  });
}

struct ExpectedCounts {
  std::size_t traces = 0, skipped = 0, newer_format = 0, incomplete = 0;
  std::vector<std::string_view> trace_lines;
};

// The store's rules (local_trace_store.h): a final line without '\n' is incomplete; a blank line
// is nothing; a line that is not a JSON object, or whose format marker is not a whole number
// >= 1, is malformed; a marker above kFormatVersion is a newer format; the rest are traces.
ExpectedCounts count_lines(std::string_view content) {
  ExpectedCounts expected;
  while (!content.empty()) {
    const std::size_t newline = content.find('\n');
    if (newline == std::string_view::npos) {
      ++expected.incomplete;
      break;
    }
    const std::string_view line = content.substr(0, newline);
    content.remove_prefix(newline + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const nlohmann::json value = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (!value.is_object()) {
      ++expected.skipped;
      continue;
    }
    if (auto format = value.find(LocalTraceStore::kFormatKey); format != value.end()) {
      if (format->is_number_unsigned() && format->get<std::uint64_t>() > LocalTraceStore::kFormatVersion) {
        ++expected.skipped;  // newer (or, past int64, not a format number: either is skipped)
        if (format->get<std::uint64_t>() <= std::uint64_t{INT64_MAX}) ++expected.newer_format;
        continue;
      }
      if (!format->is_number_integer() || format->get<std::int64_t>() < 1) {
        ++expected.skipped;
        continue;
      }
    }
    ++expected.traces;
    expected.trace_lines.push_back(line);
  }
  return expected;
}

// The stored span dict's string field, or "" (as completed_trace_from_dict reads it).
std::string stored_string(const nlohmann::json& dict, const char* key) {
  auto it = dict.find(key);
  return it != dict.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void check_rebuilt(const nlohmann::json& stored) {
  std::unique_ptr<CompletedTrace> trace;
  try {
    trace = completed_trace_from_dict(stored);
  } catch (const std::exception&) {
    return;  // malformed: push reports it and goes on with the others
  }
  const nlohmann::json& spans = stored["data"]["spans"];
  MLFLOW_FUZZ_CHECK(trace->spans.size() == spans.size(), stored.dump());

  // What push sends: the spans by OTLP (the otlp_writer fuzzer checks those bytes in detail).
  const std::string request = encode_export_trace_service_request({trace.get()}, OtlpResource{});
  MLFLOW_FUZZ_CHECK(!request.empty(), "empty OTLP request");

  // The rebuilt spans written back as dicts: ids, names, times and status are the stored ones.
  for (std::size_t i = 0; i < trace->spans.size(); ++i) {
    const SpanRecord& span = *trace->spans[i];
    const nlohmann::json dict = span_to_dict(span, trace->trace_id);
    const std::string text = mlflow_fuzz::reference_dump(dict);
    const nlohmann::json again = mlflow_fuzz::parse_strictly(text, "a rebuilt span's dict");
    const nlohmann::json& original = spans[i];
    // Ids compared as bytes: the stored base64 may be spelled differently (padding) and still
    // be read.
    auto id = [](const nlohmann::json& base64, std::size_t size) {
      return id_bytes_from_base64(base64, size, "id");
    };
    MLFLOW_FUZZ_CHECK(id(again["span_id"], 8) == id(original["span_id"], 8), text);
    MLFLOW_FUZZ_CHECK(id(again["trace_id"], 16) == id(spans[0]["trace_id"], 16), text);
    const std::string parent = stored_string(original, "parent_span_id");
    MLFLOW_FUZZ_CHECK(parent.empty() ? again["parent_span_id"].is_null()
                                     : id(again["parent_span_id"], 8) == id(parent, 8),
                      text);
    const std::string name = stored_string(original, "name");
    if (is_valid_utf8(name)) MLFLOW_FUZZ_CHECK(again["name"] == name, text);
    MLFLOW_FUZZ_CHECK(again["start_time_unix_nano"] == span.start_unix_nano, text);
    MLFLOW_FUZZ_CHECK(again["end_time_unix_nano"] == span.end_unix_nano, text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  make_store_dir();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream file(store_dir / LocalTraceStore::kFileName, std::ios::binary | std::ios::trunc);
    file.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!file) mlflow_fuzz::fail("cannot write the store file");
  }
  const ExpectedCounts expected = count_lines(content);
  std::size_t seen = 0;
  const LocalTraceStore::ReadStats stats = LocalTraceStore::read_lines(
      store_dir, [&](const LocalTraceStore::StoredLine& line, nlohmann::json&& trace) {
        const std::string shown(line.text);
        MLFLOW_FUZZ_CHECK(trace.is_object(), shown);
        MLFLOW_FUZZ_CHECK(seen < expected.trace_lines.size() && line.text == expected.trace_lines[seen],
                          shown);
        ++seen;
        check_rebuilt(trace);
      });
  MLFLOW_FUZZ_CHECK(stats.errors.empty(), stats.errors.front());
  MLFLOW_FUZZ_CHECK(stats.traces == expected.traces && seen == expected.traces, "trace count");
  MLFLOW_FUZZ_CHECK(stats.malformed + stats.newer_format == expected.skipped, "skipped line count");
  MLFLOW_FUZZ_CHECK(stats.newer_format >= expected.newer_format, "newer-format line count");
  MLFLOW_FUZZ_CHECK(stats.incomplete == expected.incomplete, "incomplete count");
  // Every skipped line is reported (the first kMaxListedProblems listed, the rest counted).
  MLFLOW_FUZZ_CHECK(stats.problems.size() + stats.problems_not_listed ==
                        stats.malformed + stats.newer_format + stats.incomplete,
                    "problem count");
  return 0;
}
