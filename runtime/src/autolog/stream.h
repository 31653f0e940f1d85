// stream.h: a response body, as it arrives in pieces cut anywhere, turned into the JSON values
// it carries.
//
// Three shapes reach an LLM call's response, and the first byte that is not white space says
// which one this is:
//
//   server-sent events   "data: {...}\n\n" (OpenAI, Anthropic, Gemini's ?alt=sse, llama.cpp's
//                        server), with "event:" lines (Anthropic, the Responses API), comments
//                        (": ping"), and OpenAI's closing "data: [DONE]";
//   JSON values          one JSON object (a whole response), Ollama's NDJSON (one object a
//                        line), or Gemini's streamGenerateContent without alt=sse (one JSON
//                        array whose elements arrive one by one).
//
// Every complete value becomes one StreamEvent, with the time its last byte arrived: an SSE
// event's data (parsed as JSON; text that is not JSON is kept as a string), or one top-level
// object (the elements of a top-level array count as top-level). A piece may end anywhere, in
// the middle of a line, of a "\r\n", of a UTF-8 sequence or of a JSON string: the events are the
// same however the bytes were cut (stream_test.cpp checks every cut). Bytes that are not valid
// UTF-8 are replaced by U+FFFD (the runtime's policy, support/json_text.h) before parsing.
//
// The bytes themselves are kept too (up to kMaxRawBytes), for bodies that carry no JSON at all
// (an HTML error page from a proxy). Nothing here allocates per byte, and nothing throws but
// std::bad_alloc.
#ifndef MLFLOW_RUNTIME_AUTOLOG_STREAM_H
#define MLFLOW_RUNTIME_AUTOLOG_STREAM_H

#include <mlflow/version.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

struct StreamEvent {
  std::string event;          // the SSE "event:" name; empty for JSON values and unnamed events
  nlohmann::json data;        // the value (a string when the SSE data is not JSON)
  std::int64_t time_unix_nano = 0;
};

class StreamParser {
 public:
  enum class Format : unsigned char {
    kUnknown,            // nothing but white space so far
    kServerSentEvents,
    kJsonValues,
  };

  // The raw bytes kept for outputs when no JSON value is found (beyond it: dropped).
  static constexpr std::size_t kMaxRawBytes = std::size_t{16} << 20;

  // The next piece of the body, received at `time_unix_nano`.
  void feed(std::string_view bytes, std::int64_t time_unix_nano);
  // The body is complete: a last SSE line or event without its terminating blank line is
  // dispatched (at `time_unix_nano`).
  void finish(std::int64_t time_unix_nano);
  // For an SDK's stream callback that hands over whole SSE lines without their line ends:
  // ends a pending unterminated line before `next` when `next` starts a new field ("data:",
  // "event:"). Only for whole-line callbacks (stream_chunk), never for raw bytes.
  void end_line_before(std::string_view next, std::int64_t time_unix_nano);

  Format format() const noexcept { return format_; }
  const std::vector<StreamEvent>& events() const noexcept { return events_; }
  std::vector<StreamEvent>& events() noexcept { return events_; }
  // Whether OpenAI's "data: [DONE]" arrived.
  bool saw_done() const noexcept { return saw_done_; }
  // JSON values: whether bytes that are not part of a JSON object turned up at the top level
  // (the scan stopped there).
  bool malformed() const noexcept { return malformed_; }
  std::string_view raw() const noexcept { return raw_; }
  bool raw_truncated() const noexcept { return raw_truncated_; }
  std::size_t bytes_seen() const noexcept { return bytes_seen_; }

 private:
  void feed_sse(std::string_view bytes, std::int64_t time);
  void sse_line(std::string_view line, std::int64_t time);
  void dispatch_sse(std::int64_t time);
  void feed_json(std::string_view bytes, std::int64_t time);
  void add_event(std::string event, std::string_view text, std::int64_t time);

  Format format_ = Format::kUnknown;
  std::vector<StreamEvent> events_;
  std::string raw_;
  bool raw_truncated_ = false;
  std::size_t bytes_seen_ = 0;

  // Server-sent events.
  std::string line_;          // the line being received
  bool skip_lf_ = false;      // the last piece ended with '\r': a '\n' next belongs to it
  std::string data_;          // the event's data lines, joined by '\n'
  bool has_data_ = false;
  std::string event_name_;
  bool saw_done_ = false;

  // JSON values.
  std::string value_;         // the object being received
  int depth_ = 0;             // nesting inside the current object
  bool in_string_ = false;
  bool escape_ = false;
  bool in_array_ = false;     // inside a top-level array, between its elements
  bool malformed_ = false;
};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_STREAM_H
