// stream.cpp: see stream.h.
//
// Server-sent events follow the WHATWG HTML "event stream interpretation": lines end with
// "\r\n", "\n" or "\r"; a line starting with ':' is a comment; "field: value" (one space after
// the colon dropped); data lines of one event are joined with '\n'; a blank line dispatches the
// event. Some servers forget the blank line between events: when an event's joined data is not
// JSON but each of its data lines is, each line is taken as an event of its own.
//
// JSON values are found by a scan that knows only strings, escapes and brace depth, so a brace
// or a newline inside a string never ends a value; each complete top-level object is parsed
// once, when its closing brace arrives.
#include "autolog/stream.h"

#include <utility>

#include "autolog/json_body.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool starts_field(std::string_view text) {
  return text.substr(0, 5) == "data:" || text.substr(0, 6) == "event:";
}

}  // namespace

void StreamParser::feed(std::string_view bytes, std::int64_t time) {
  if (bytes.empty()) return;
  bytes_seen_ += bytes.size();
  if (!raw_truncated_) {
    const std::size_t room = kMaxRawBytes - raw_.size();
    raw_.append(bytes.substr(0, room));
    raw_truncated_ = bytes.size() > room;
  }
  if (format_ == Format::kUnknown) {
    std::size_t i = 0;
    while (i < bytes.size() && is_space(bytes[i])) ++i;
    if (i == bytes.size()) return;  // white space only: undecided (and nothing to keep of it)
    format_ = (bytes[i] == '{' || bytes[i] == '[') ? Format::kJsonValues
                                                   : Format::kServerSentEvents;
    bytes.remove_prefix(i);
  }
  if (format_ == Format::kServerSentEvents) {
    feed_sse(bytes, time);
  } else {
    feed_json(bytes, time);
  }
}

void StreamParser::finish(std::int64_t time) {
  if (format_ != Format::kServerSentEvents) return;
  skip_lf_ = false;
  if (!line_.empty()) {
    std::string line = std::move(line_);
    line_.clear();
    sse_line(line, time);
  }
  dispatch_sse(time);
}

void StreamParser::end_line_before(std::string_view next, std::int64_t time) {
  if (format_ != Format::kServerSentEvents || line_.empty() || !starts_field(next)) return;
  std::string line = std::move(line_);
  line_.clear();
  sse_line(line, time);
}

// --- Server-sent events ----------------------------------------------------------------------

void StreamParser::feed_sse(std::string_view bytes, std::int64_t time) {
  std::size_t i = 0;
  if (skip_lf_) {
    skip_lf_ = false;
    if (bytes[0] == '\n') i = 1;
  }
  while (i < bytes.size()) {
    const std::size_t end = bytes.find_first_of("\r\n", i);
    if (end == std::string_view::npos) {
      line_.append(bytes.substr(i));
      return;
    }
    std::string_view line = bytes.substr(i, end - i);
    if (!line_.empty()) {
      line_.append(line);
      std::string whole = std::move(line_);
      line_.clear();
      sse_line(whole, time);
    } else {
      sse_line(line, time);
    }
    i = end + 1;
    if (bytes[end] == '\r') {
      if (i == bytes.size()) {
        skip_lf_ = true;  // a '\n' may open the next piece
      } else if (bytes[i] == '\n') {
        ++i;
      }
    }
  }
}

void StreamParser::sse_line(std::string_view line, std::int64_t time) {
  if (line.empty()) {
    dispatch_sse(time);
    return;
  }
  if (line.front() == ':') return;  // a comment (keep-alive)
  const std::size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_name_.assign(value);
  }
  // "id" and "retry" say nothing about the response; other fields are ignored, as the
  // specification says.
}

void StreamParser::dispatch_sse(std::int64_t time) {
  if (!has_data_) {  // an event without data is not dispatched (the specification's rule)
    event_name_.clear();
    return;
  }
  std::string data = std::move(data_);
  std::string name = std::move(event_name_);
  data_.clear();
  event_name_.clear();
  has_data_ = false;
  if (data == "[DONE]") {
    saw_done_ = true;
    return;
  }
  nlohmann::json value;
  if (parse_json(data, value)) {
    events_.push_back(StreamEvent{std::move(name), std::move(value), time});
    return;
  }
  // Several data lines that are each JSON: events whose blank separator line was left out.
  if (data.find('\n') != std::string::npos) {
    std::vector<nlohmann::json> values;
    std::string_view rest = data;
    bool all_json = true;
    while (all_json && !rest.empty()) {
      const std::size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      if (line == "[DONE]") {
        saw_done_ = true;
        continue;
      }
      nlohmann::json v;
      if (!parse_json(line, v)) all_json = false;
      values.push_back(std::move(v));
    }
    if (all_json) {
      for (auto& v : values) events_.push_back(StreamEvent{name, std::move(v), time});
      return;
    }
  }
  add_event(std::move(name), data, time);
}

void StreamParser::add_event(std::string event, std::string_view text, std::int64_t time) {
  events_.push_back(StreamEvent{std::move(event), json_or_text(text), time});
}

// --- JSON values -------------------------------------------------------------------------------

void StreamParser::feed_json(std::string_view bytes, std::int64_t time) {
  if (malformed_) return;
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (depth_ == 0) {
      // Between values: white space, and a top-level array's brackets and commas.
      const char c = bytes[i];
      if (is_space(c) || (in_array_ && c == ',')) {
        ++i;
        continue;
      }
      if (c == '[' && !in_array_) {
        in_array_ = true;
        ++i;
        continue;
      }
      if (c == ']' && in_array_) {
        in_array_ = false;
        ++i;
        continue;
      }
      if (c != '{') {  // anything else: not a stream of JSON objects; stop looking
        malformed_ = true;
        return;
      }
      value_.clear();
    }
    // Inside an object: copy up to the byte that closes it.
    const std::size_t start = i;
    bool closed = false;
    for (; i < bytes.size(); ++i) {
      const char c = bytes[i];
      if (in_string_) {
        if (escape_) {
          escape_ = false;
        } else if (c == '\\') {
          escape_ = true;
        } else if (c == '"') {
          in_string_ = false;
        }
        continue;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        if (--depth_ == 0) {
          ++i;
          closed = true;
          break;
        }
      }
    }
    value_.append(bytes.substr(start, i - start));
    if (closed) {
      add_event(std::string(), value_, time);
      value_.clear();
    }
  }
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
