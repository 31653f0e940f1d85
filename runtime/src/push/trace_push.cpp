// trace_push.cpp: see trace_push.h.
#include "push/trace_push.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "export/mlflow_server/server_delivery.h"
#include "export/mlflow_server/undelivered_trace.h"
#include "format/trace_from_dict.h"
#include "net/tracking_client.h"
#include "store/local_trace_store.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// The journal's steps (trace_push.h): an intent before each request, a completion after it.
constexpr const char* kSpansSending = "spans-sending";
constexpr const char* kSpansDone = "spans";
constexpr const char* kInfoSending = "info-sending";
constexpr const char* kDone = "done";

// The test seam (trace_push.h): ends the process, as a crash would, at `point` when
// MLFLOW_CPP_TEST_PUSH_CRASH_AFTER names it.
void crash_point(const char* point) {
  static const char* const wanted = std::getenv(kPushCrashVariable);
  if (wanted != nullptr && std::strcmp(wanted, point) == 0) ::_exit(kPushCrashExitCode);
}

// The string `key` of `object`, or null when it has none (or one of another type).
const std::string* string_member(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

struct StoredTrace {
  nlohmann::json dict;
  DeliveryIntent intent;
  std::string trace_id;
  std::string where;  // "<file>:<line>", for reports
  // The trace's part: the span id of its first (local root) span. A trace continued in another
  // process (W3C traceparent) is stored once by each process, each line with its own spans and
  // the same trace id; the journal and the check for a line stored twice tell them apart by it.
  std::string part;

  std::string key() const { return trace_id + '/' + part; }
};

// The span id of the stored trace's first span ("" when it has none).
std::string first_span_id(const nlohmann::json& dict) {
  const auto data = dict.find("data");
  if (data == dict.end() || !data->is_object()) return "";
  const auto spans = data->find("spans");
  if (spans == data->end() || !spans->is_array() || spans->empty() || !spans->front().is_object())
    return "";
  const std::string* id = string_member(spans->front(), "span_id");
  return id != nullptr ? *id : "";
}

// The steps the journal records, keyed by server and trace.
class Journal {
 public:
  explicit Journal(const std::filesystem::path& dir) : store_(dir, kJournalFileName) {
    std::vector<std::string> not_entries;
    stats_ = store_.read_own_file_lines([&](const LocalTraceStore::StoredLine& where,
                                            nlohmann::json&& line) {
      const std::string* server = string_member(line, "server");
      const std::string* trace_id = string_member(line, "trace_id");
      const std::string* step = string_member(line, "step");
      if (server == nullptr || trace_id == nullptr || step == nullptr) {
        // Read as "not done": at worst the server is asked, or the step is sent again.
        not_entries.push_back(where.where() + ": not a journal entry; skipped");
        return;
      }
      // An entry without a part (written before parts were told apart) stands for every part.
      const std::string* part = string_member(line, "part");
      done_.insert({*server, *trace_id + '/' + (part != nullptr ? *part : "*"), *step});
    });
    stats_.problems.insert(stats_.problems.end(), not_entries.begin(), not_entries.end());
  }
  // What reading the journal skipped (a line cut short by a push that was killed, ...).
  const LocalTraceStore::ReadStats& read_stats() const { return stats_; }

  bool has(const std::string& server, const StoredTrace& trace, const char* step) const {
    return done_.count({server, trace.key(), step}) != 0 ||
           done_.count({server, trace.trace_id + "/*", step}) != 0;
  }
  // One line per trace, all in one append (a crash leaves all of them or none, as the store
  // writes whole batches).
  bool record(const std::string& server, const std::vector<const StoredTrace*>& traces,
              const char* step, std::string* error) {
    if (traces.empty()) return true;
    std::vector<std::string> lines;
    for (const StoredTrace* trace : traces) {
      lines.push_back(nlohmann::json{{"server", server},
                                     {"trace_id", trace->trace_id},
                                     {"part", trace->part},
                                     {"step", step}}
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    if (!store_.append(lines, error)) return false;
    for (const StoredTrace* trace : traces) done_.insert({server, trace->key(), step});
    return true;
  }

 private:
  LocalTraceStore store_;
  LocalTraceStore::ReadStats stats_;
  std::set<std::tuple<std::string, std::string, std::string>> done_;
};

// An exclusive lock on the store's push lock file, for the life of the object.
class PushLock {
 public:
  explicit PushLock(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    fd_ = ::open((dir / kPushLockFileName).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      error_ = std::string("cannot open the push lock: ") + std::strerror(errno);
    } else if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      error_ = errno == EWOULDBLOCK ? std::string("another mlflow-cpp push is running on this store")
                                    : std::string("cannot lock: ") + std::strerror(errno);
    }
  }
  ~PushLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

// What the server has of traces an earlier push may have sent: the span ids (base64, as the
// store keeps them) of each trace it has. Nothing when the server cannot say (an older server
// without BatchGetTraces); `error` is set when it could say but did not answer.
std::optional<std::unordered_map<std::string, std::unordered_set<std::string>>> spans_on_server(
    TrackingClient& client, const std::vector<StoredTrace*>& traces, std::string* error) {
  std::vector<std::string> ids;
  for (const StoredTrace* trace : traces) ids.push_back(trace->trace_id);
  TrackingResponse found = client.batch_get_traces(ids);
  if (!found.ok()) {
    const bool no_such_endpoint = found.http.status == 404 || found.http.status == 405 ||
                                  found.http.status == 501 || found.error_code() == "ENDPOINT_NOT_FOUND";
    if (!no_such_endpoint) *error = "asking " + client.uri() + " which spans it has: " + found.describe();
    return std::nullopt;
  }
  std::unordered_map<std::string, std::unordered_set<std::string>> spans;
  const auto traces_found = found.json.is_object() ? found.json.find("traces") : found.json.end();
  if (traces_found == found.json.end()) return spans;  // {}: none of them
  if (!traces_found->is_array()) {
    *error = "asking " + client.uri() + " which spans it has: an answer without a list of traces";
    return std::nullopt;
  }
  for (const auto& trace : *traces_found) {
    const auto info = trace.is_object() ? trace.find("trace_info") : trace.end();
    const std::string* id = info != trace.end() && info->is_object() ? string_member(*info, "trace_id") : nullptr;
    const auto list = id != nullptr ? trace.find("spans") : trace.end();
    if (list == trace.end() || !list->is_array()) continue;
    auto& ids_of_trace = spans[*id];
    for (const auto& span : *list)
      if (const std::string* span_id = span.is_object() ? string_member(span, "span_id") : nullptr)
        ids_of_trace.insert(*span_id);
  }
  return spans;
}

// Whether the server already has the trace info an earlier push may have sent (StartTraceV3),
// and the trace data where it goes by traces.json: yes, no, or `error` (no answer).
enum class OnServer { kYes, kNo, kInfoOnly, kUnknown };
OnServer info_on_server(TrackingClient& client, const StoredTrace& trace, nlohmann::json* tags,
                        std::string* error) {
  TrackingResponse info = client.get_trace_info(trace.trace_id);
  if (info.http.status == 404 || info.error_code() == "RESOURCE_DOES_NOT_EXIST") return OnServer::kNo;
  if (!info.ok()) {
    *error = "asking " + client.uri() + " whether it has " + trace.trace_id + ": " + info.describe();
    return OnServer::kUnknown;
  }
  // {"trace": {"trace_info": {"tags": {...}, "trace_metadata": {...}}}}; whatever is missing
  // reads as empty.
  auto member = [](const nlohmann::json& object, const char* key) {
    auto it = object.is_object() ? object.find(key) : object.end();
    return it != object.end() && it->is_object() ? *it : nlohmann::json::object();
  };
  const nlohmann::json trace_info = member(member(info.json, "trace"), "trace_info");
  *tags = member(trace_info, "tags");
  const nlohmann::json metadata = member(trace_info, "trace_metadata");
  auto is = [](const nlohmann::json& object, const char* key, const char* value) {
    const std::string* text = string_member(object, key);
    return text != nullptr && *text == value;
  };
  if (is(*tags, "mlflow.trace.spansLocation", "TRACKING_STORE")) {
    // The spans made the trace info (OTLP ingestion creates it); StartTraceV3 marks it final.
    return is(metadata, "mlflow.trace.infoFinalized", "true") ? OnServer::kYes : OnServer::kNo;
  }
  // A server that keeps spans as artifacts has trace infos only from StartTraceV3; the spans
  // are there when traces.json is.
  return client.get_trace_data(trace.trace_id).ok() ? OnServer::kYes : OnServer::kInfoOnly;
}

std::vector<const StoredTrace*> read_only(const std::vector<StoredTrace*>& traces) {
  return {traces.begin(), traces.end()};
}

}  // namespace

PushReport push_undelivered_traces(const PushOptions& options) {
  PushReport report;
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  auto skip = [&](const std::string& problem) {
    ++report.unreadable;
    report.problems.push_back(problem);
  };
  PushLock lock(options.dir);
  if (!lock.error().empty()) {
    report.errors.push_back(lock.error());
    return report;
  }
  Journal journal(options.dir);
  for (const auto& problem : journal.read_stats().problems) report.problems.push_back(problem);
  for (const auto& error : journal.read_stats().errors) report.errors.push_back(error);

  // Group the stored traces by destination: server, then experiment (id or name).
  using Destination = std::tuple<std::string, std::string, std::string>;
  std::map<Destination, std::vector<StoredTrace>> by_destination;
  std::unordered_map<std::string, std::string> first_seen;  // StoredTrace::key() -> where
  LocalTraceStore undelivered(options.dir, LocalTraceStore::kUndeliveredFileName);
  auto stats = undelivered.read_own_file_lines([&](const LocalTraceStore::StoredLine& line,
                                                   nlohmann::json&& dict) {
    std::optional<DeliveryIntent> intent = delivery_intent_of(dict);
    std::string trace_id;
    if (auto id = dict.find("info"); id != dict.end() && id->is_object())
      if (auto it = id->find("trace_id"); it != id->end() && it->is_string()) trace_id = it->get<std::string>();
    if (!intent || trace_id.empty()) {
      skip(line.where() + ": not an undelivered trace (" +
           (!intent ? std::string("no valid ") + kDeliveryKey : std::string("no info.trace_id")) +
           "); skipped");
      return;
    }
    // The same trace (part) stored twice would be sent twice: only its first line counts.
    std::string part = first_span_id(dict);
    if (auto [it, inserted] = first_seen.emplace(trace_id + '/' + part, line.where()); !inserted) {
      skip(line.where() + ": " + trace_id + " again (first at " + it->second + "); skipped");
      return;
    }
    if (!options.settings.uri.empty()) intent->tracking_uri = options.settings.uri;
    Destination key{intent->tracking_uri, intent->experiment_id, intent->experiment_name};
    by_destination[key].push_back(
        StoredTrace{std::move(dict), std::move(*intent), std::move(trace_id), line.where(), std::move(part)});
  });
  report.unreadable += stats.malformed + stats.incomplete + stats.newer_format;
  for (auto& problem : stats.problems) report.problems.push_back(std::move(problem));
  report.problems_not_listed += stats.problems_not_listed;
  for (auto& error : stats.errors) report.errors.push_back(error);

  for (auto& [destination, traces] : by_destination) {
    const auto& [uri, experiment_id, experiment_name] = destination;
    std::vector<StoredTrace*> pending;
    for (auto& trace : traces) {
      if (journal.has(uri, trace, kDone)) {
        ++report.already_delivered;
      } else {
        pending.push_back(&trace);
      }
    }
    if (pending.empty()) continue;
    // (A structured binding cannot be captured in C++17: the server by a reference of its own.)
    const std::string& server = uri;
    auto fail_all = [&](const std::vector<StoredTrace*>& which, const std::string& why) {
      report.failed += which.size();
      report.errors.push_back(std::to_string(which.size()) + " trace(s) for " + server + ": " + why);
    };

    TrackingServerSettings settings = options.settings;
    settings.uri = uri;
    TrackingClient client(settings);
    ServerDelivery delivery(client);
    std::string error;
    bool unreachable = false;
    // An experiment known only by name is looked up (created if missing) now, as the program
    // would have done.
    std::optional<std::string> experiment =
        client.resolve_experiment(experiment_name.empty() ? experiment_id : "", experiment_name,
                                  nullptr, &error, &unreachable);
    if (!experiment) {
      fail_all(pending, error);
      continue;
    }
    say("pushing " + std::to_string(pending.size()) + " trace(s) to " + uri + ", experiment " + *experiment);

    constexpr std::size_t kPerRequest = ServerDelivery::kTracesPerRequest;
    for (std::size_t begin = 0; begin < pending.size(); begin += kPerRequest) {
      std::vector<StoredTrace*> chunk(
          pending.begin() + static_cast<std::ptrdiff_t>(begin),
          pending.begin() + static_cast<std::ptrdiff_t>(std::min(pending.size(), begin + kPerRequest)));

      // 1. The spans, for the traces whose spans never got 200. Those an earlier push may have
      // sent (an intent line, no completion) are asked about first: what the server has is not
      // sent again.
      std::vector<StoredTrace*> needing_spans;
      std::vector<StoredTrace*> in_doubt;
      std::vector<StoredTrace*> ready;
      for (StoredTrace* trace : chunk) {
        if (trace->intent.spans_delivered || journal.has(uri, *trace, kSpansDone)) {
          ready.push_back(trace);
        } else {
          needing_spans.push_back(trace);
          if (journal.has(uri, *trace, kSpansSending)) in_doubt.push_back(trace);
        }
      }
      std::unordered_map<std::string, std::unordered_set<std::string>> on_server;
      if (!in_doubt.empty()) {
        error.clear();
        auto found = spans_on_server(client, in_doubt, &error);
        if (!error.empty()) {
          // Not knowing, sending could resend: these wait for a later push.
          fail_all(in_doubt, error);
          const std::unordered_set<StoredTrace*> doubtful(in_doubt.begin(), in_doubt.end());
          std::vector<StoredTrace*> rest;
          for (StoredTrace* trace : needing_spans)
            if (doubtful.count(trace) == 0) rest.push_back(trace);
          needing_spans = std::move(rest);
        } else if (found) {
          on_server = std::move(*found);
        } else {
          say("cannot ask " + uri + " which spans it has (a server without BatchGetTraces); "
              "sending the spans of " + std::to_string(in_doubt.size()) +
              " trace(s) an interrupted push may have sent again (the server keeps one copy per span id)");
        }
      }
      std::vector<std::unique_ptr<CompletedTrace>> rebuilt;
      std::vector<const CompletedTrace*> to_send;
      std::vector<StoredTrace*> sending;
      std::vector<const StoredTrace*> arrived_before;
      for (StoredTrace* trace : needing_spans) {
        std::unique_ptr<CompletedTrace> spans;
        try {
          spans = completed_trace_from_dict(trace->dict);
        } catch (const std::exception& e) {
          // It will never be deliverable: reported and skipped like any unreadable line.
          skip(trace->where + ": " + trace->trace_id + " has malformed spans (" + e.what() + "); skipped");
          continue;
        }
        if (auto it = on_server.find(trace->trace_id); it != on_server.end()) {
          const auto& present = it->second;
          // Keep only the spans the server does not have (their ids as the store writes them).
          const nlohmann::json stored_spans =
              trace->dict.value(nlohmann::json::json_pointer("/data/spans"), nlohmann::json::array());
          decltype(spans->spans) missing;
          for (std::size_t i = 0; i < spans->spans.size() && i < stored_spans.size(); ++i) {
            if (present.count(stored_spans[i].value("span_id", "")) == 0)
              missing.push_back(std::move(spans->spans[i]));
          }
          if (missing.empty()) {
            say(trace->trace_id + ": the server has its spans already (an interrupted push sent them); not sent again");
            arrived_before.push_back(trace);
            ready.push_back(trace);
            continue;
          }
          spans->spans = std::move(missing);
        }
        rebuilt.push_back(std::move(spans));
        to_send.push_back(rebuilt.back().get());
        sending.push_back(trace);
      }
      if (!journal.record(uri, arrived_before, kSpansDone, &error))
        report.errors.push_back("cannot write the push journal: " + error);
      if (!to_send.empty()) {
        std::vector<const StoredTrace*> new_intents;
        for (StoredTrace* trace : sending)
          if (!journal.has(uri, *trace, kSpansSending)) new_intents.push_back(trace);
        // Without the intent line, a crash after sending could not be told from one before:
        // nothing is sent that the journal cannot vouch for.
        if (!journal.record(uri, new_intents, kSpansSending, &error)) {
          fail_all(sending, "cannot write the push journal: " + error);
        } else {
          crash_point("spans-intent");
          DeliveryResult spans = delivery.send_spans(*experiment, to_send, nullptr);
          if (!spans.ok()) {
            fail_all(sending, spans.error);
          } else {
            crash_point("spans");
            if (delivery.spans_go_by_otlp() && !journal.record(uri, read_only(sending), kSpansDone, &error))
              report.errors.push_back("cannot write the push journal: " + error);
            ready.insert(ready.end(), sending.begin(), sending.end());
          }
        }
      }

      // 2. The trace info (and traces.json for a server without OTLP), per trace.
      for (StoredTrace* trace : ready) {
        // The local root's parent is in another service when the trace was continued.
        const nlohmann::json root_parent =
            trace->dict.value(nlohmann::json::json_pointer("/data/spans/0/parent_span_id"), nlohmann::json());
        const bool continued = root_parent.is_string() && !root_parent.get<std::string>().empty();
        const nlohmann::json spans = {
            {"spans", trace->dict.value(nlohmann::json::json_pointer("/data/spans"), nlohmann::json::array())}};
        const nlohmann::json info_dict = trace->dict.value("info", nlohmann::json::object());
        DeliveryResult info;
        bool sent_before = false;
        if (!continued && journal.has(uri, *trace, kInfoSending)) {
          error.clear();
          nlohmann::json tags;
          switch (info_on_server(client, *trace, &tags, &error)) {
            case OnServer::kYes:
              say(trace->trace_id + ": the server has it already (an interrupted push sent it); not sent again");
              sent_before = true;
              break;
            case OnServer::kInfoOnly:
              say(trace->trace_id + ": the server has its trace info already (an interrupted push sent "
                  "it); sending only its traces.json");
              info = delivery.send_trace_data(trace->trace_id, tags, spans, nullptr);
              if (!info.ok()) {
                fail_all({trace}, info.error);
                continue;
              }
              sent_before = true;
              break;
            case OnServer::kNo:
              break;
            case OnServer::kUnknown:
              fail_all({trace}, error);
              continue;
          }
        }
        if (!sent_before) {
          if (!continued && !journal.has(uri, *trace, kInfoSending) &&
              !journal.record(uri, {trace}, kInfoSending, &error)) {
            fail_all({trace}, "cannot write the push journal: " + error);
            continue;
          }
          crash_point("info-intent");
          info = delivery.send_info(*experiment, continued, info_dict, spans, nullptr);
          if (!info.ok()) {
            fail_all({trace}, info.error);
            continue;
          }
          crash_point("info");
        }
        if (!journal.record(uri, {trace}, kDone, &error))
          report.errors.push_back("cannot write the push journal: " + error);
        ++report.delivered;
        say("delivered " + trace->trace_id);
      }
    }
  }
  return report;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
