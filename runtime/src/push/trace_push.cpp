// trace_push.cpp: see trace_push.h.
#include "push/trace_push.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "export/mlflow_server/server_delivery.h"
#include "export/mlflow_server/undelivered_trace.h"
#include "format/trace_from_dict.h"
#include "net/tracking_client.h"
#include "store/local_trace_store.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

struct StoredTrace {
  nlohmann::json dict;
  DeliveryIntent intent;
  std::string trace_id;
};

// The steps the journal records, keyed by server and trace.
class Journal {
 public:
  explicit Journal(const std::filesystem::path& dir) : store_(dir, kJournalFileName) {
    store_.read_own_file([this](nlohmann::json&& line) {
      if (line.is_object())
        done_.insert({line.value("server", ""), line.value("trace_id", ""), line.value("step", "")});
    });
  }
  bool has(const std::string& server, const std::string& trace_id, const char* step) const {
    return done_.count({server, trace_id, step}) != 0;
  }
  bool record(const std::string& server, const std::string& trace_id, const char* step,
              std::string* error) {
    done_.insert({server, trace_id, step});
    return store_.append({nlohmann::json{{"server", server}, {"trace_id", trace_id}, {"step", step}}.dump()},
                         error);
  }

 private:
  LocalTraceStore store_;
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

}  // namespace

PushReport push_undelivered_traces(const PushOptions& options) {
  PushReport report;
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  PushLock lock(options.dir);
  if (!lock.error().empty()) {
    report.errors.push_back(lock.error());
    return report;
  }
  Journal journal(options.dir);

  // Group the stored traces by destination: server, then experiment (id or name).
  using Destination = std::tuple<std::string, std::string, std::string>;
  std::map<Destination, std::vector<StoredTrace>> by_destination;
  LocalTraceStore undelivered(options.dir, LocalTraceStore::kUndeliveredFileName);
  auto stats = undelivered.read_own_file([&](nlohmann::json&& dict) {
    std::optional<DeliveryIntent> intent = delivery_intent_of(dict);
    std::string trace_id = dict.value(nlohmann::json::json_pointer("/info/trace_id"), std::string());
    if (!intent || trace_id.empty()) {
      ++report.unreadable;
      return;
    }
    if (!options.settings.uri.empty()) intent->tracking_uri = options.settings.uri;
    Destination key{intent->tracking_uri, intent->experiment_id, intent->experiment_name};
    by_destination[key].push_back(StoredTrace{std::move(dict), std::move(*intent), std::move(trace_id)});
  });
  report.unreadable += stats.malformed;
  for (auto& error : stats.errors) report.errors.push_back(error);

  for (auto& [destination, traces] : by_destination) {
    const auto& [uri, experiment_id, experiment_name] = destination;
    std::vector<StoredTrace*> pending;
    for (auto& trace : traces) {
      if (journal.has(uri, trace.trace_id, "done")) {
        ++report.already_delivered;
      } else {
        pending.push_back(&trace);
      }
    }
    if (pending.empty()) continue;
    auto fail_all = [&](const std::vector<StoredTrace*>& which, const std::string& why) {
      report.failed += which.size();
      report.errors.push_back(std::to_string(which.size()) + " trace(s) for " + uri + ": " + why);
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
      // Spans first, for the traces whose spans never got 200.
      std::vector<std::unique_ptr<CompletedTrace>> rebuilt;
      std::vector<const CompletedTrace*> to_send;
      std::vector<StoredTrace*> sending;
      std::vector<StoredTrace*> ready;
      for (StoredTrace* trace : chunk) {
        if (trace->intent.spans_delivered || journal.has(uri, trace->trace_id, "spans")) {
          ready.push_back(trace);
          continue;
        }
        try {
          rebuilt.push_back(completed_trace_from_dict(trace->dict));
        } catch (const std::exception& e) {
          fail_all({trace}, trace->trace_id + " is malformed: " + e.what());
          continue;
        }
        to_send.push_back(rebuilt.back().get());
        sending.push_back(trace);
      }
      if (!to_send.empty()) {
        DeliveryResult spans = delivery.send_spans(*experiment, to_send, nullptr);
        if (!spans.ok()) {
          fail_all(sending, spans.error);
        } else {
          for (StoredTrace* trace : sending) {
            if (delivery.spans_go_by_otlp() && !journal.record(uri, trace->trace_id, "spans", &error))
              report.errors.push_back("cannot write the push journal: " + error);
            ready.push_back(trace);
          }
        }
      }
      for (StoredTrace* trace : ready) {
        // The local root's parent is in another service when the trace was continued.
        const nlohmann::json root_parent =
            trace->dict.value(nlohmann::json::json_pointer("/data/spans/0/parent_span_id"), nlohmann::json());
        const bool continued = root_parent.is_string() && !root_parent.get<std::string>().empty();
        const nlohmann::json spans = {
            {"spans", trace->dict.value(nlohmann::json::json_pointer("/data/spans"), nlohmann::json::array())}};
        DeliveryResult info = delivery.send_info(*experiment, continued, trace->dict["info"], spans, nullptr);
        if (!info.ok()) {
          fail_all({trace}, info.error);
          continue;
        }
        if (!journal.record(uri, trace->trace_id, "done", &error))
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
