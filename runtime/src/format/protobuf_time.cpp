// protobuf_time.cpp: see protobuf_time.h.
#include "format/protobuf_time.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Digits at `text[pos..pos+n)` as a number, or -1.
long long digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  long long value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days from 1970-01-01 to the civil date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, long long m, long long d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::string rfc3339_millis(std::int64_t unix_millis) {
  std::time_t seconds = static_cast<std::time_t>(unix_millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(unix_millis % 1000));
  return buffer;
}

// rfc3339_millis, quoted; without snprintf for the dates it can spell (years 1970 to 9999).
void append_quoted_rfc3339_millis(TextBuffer& out, std::int64_t unix_millis) {
  if (unix_millis < 0 || unix_millis >= 253402300800000) {  // 10000-01-01
    out += '"';
    out += rfc3339_millis(unix_millis);
    out += '"';
    return;
  }
  // Howard Hinnant's civil_from_days.
  const std::int64_t days = unix_millis / 86400000;
  const std::int64_t ms_of_day = unix_millis % 86400000;
  const std::int64_t z = days + 719468;
  const std::int64_t era = z / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[] = "\"0000-00-00T00:00:00.000Z\"";
  auto put = [&](std::size_t at, std::int64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) text[at + i] = static_cast<char>('0' + value % 10);
  };
  put(1, year, 4);
  put(6, month, 2);
  put(9, day, 2);
  put(12, ms_of_day / 3600000, 2);
  put(15, ms_of_day / 60000 % 60, 2);
  put(18, ms_of_day / 1000 % 60, 2);
  put(21, ms_of_day % 1000, 3);
  out.append(text, sizeof text - 1);
}

std::string duration_text(std::int64_t ms) {
  char text[48];
  std::snprintf(text, sizeof text, "%lld.%03llds", static_cast<long long>(ms / 1000),
                static_cast<long long>(std::llabs(ms % 1000)));
  return text;
}

// A protobuf Timestamp in JSON (RFC 3339: "2025-11-24T16:00:00.123Z", or with an offset) as
// milliseconds since the epoch, truncated as Python's Timestamp.ToMilliseconds() does.
std::optional<std::int64_t> parse_timestamp_ms(std::string_view text) {
  const long long year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2),
                  hour = digits(text, 11, 2), minute = digits(text, 14, 2),
                  second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || minute < 0 ||
      second < 0 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':')
    return std::nullopt;
  std::size_t pos = 19;
  long long millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (n < 3) millis = millis * 10 + (text[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return std::nullopt;
    for (; n < 3; ++n) millis *= 10;
  }
  long long offset_s = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const long long oh = digits(text, pos + 1, 2), om = digits(text, pos + 4, 2);
    if (oh < 0 || om < 0 || text[pos + 3] != ':') return std::nullopt;
    offset_s = (oh * 3600 + om * 60) * (text[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const long long seconds =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  return seconds * 1000 + millis;
}

// A protobuf Duration in JSON ("0.532s", "12s", "-1.5s") in milliseconds, truncated toward zero
// as Python's Duration.ToMilliseconds() does.
std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  if (text.empty() || text.back() != 's') return std::nullopt;
  text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  if (whole.empty() || whole.size() > 12) return std::nullopt;
  const long long seconds = digits(whole, 0, whole.size());
  if (seconds < 0) return std::nullopt;
  long long millis = 0;
  if (dot != std::string_view::npos) {
    const std::string_view fraction = text.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 9 || digits(fraction, 0, fraction.size()) < 0)
      return std::nullopt;
    for (std::size_t i = 0; i < 3; ++i) millis = millis * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  const long long ms = seconds * 1000 + millis;
  return negative ? -ms : ms;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
