// mlflow/client.h: reading traces back from an MLflow tracking server, mirroring the query side
// of MLflow's Python client (MlflowClient.search_traces, mlflow.get_trace).
//
//   mlflow::Client client;                                  // MLFLOW_TRACKING_URI, as the runtime
//   mlflow::SearchTracesOptions search;
//   search.filter_string = "trace.status = 'ERROR'";
//   search.max_results = 20;
//   for (;;) {
//     mlflow::SearchTracesResult page = client.search_traces(search);
//     for (const mlflow::TraceInfo& info : page.traces) {
//       mlflow::Trace trace = client.get_trace(info);   // + spans, as MLflow's Trace JSON
//       ...
//     }
//     if (page.next_page_token.empty()) break;
//     search.page_token = page.next_page_token;
//   }
//
// Errors are exceptions: every call that talks to the server throws mlflow::ClientError (the
// HTTP status, MLflow's error_code and message) when it gets no usable answer. A trace the
// server has no spans for (still in progress, or its spans never arrived) is not an error:
// get_trace returns it with an empty span list.
//
// Separate from <mlflow/trace.h> on purpose: tracing a program needs none of this, and this
// header's calls do network I/O on the calling thread. It needs only the standard library.
#ifndef MLFLOW_CLIENT_H
#define MLFLOW_CLIENT_H

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE

// An assessment of a trace or span (mlflow.entities.Feedback / Expectation), as read back.
struct Assessment {
  std::string assessment_id;
  std::string name;
  bool is_expectation = false;  // an expectation (ground truth); else feedback
  std::string value_json;       // the value as JSON text ("true", "0.8", "\"good\"", ...)
  std::string rationale;
  std::string source_type;      // "HUMAN", "LLM_JUDGE" or "CODE"
  std::string source_id;
  std::string span_id;          // empty for the whole trace
  std::map<std::string, std::string> metadata;
  std::string overrides;        // the assessment this one replaces (override_feedback)
  bool valid = true;            // false once another overrides it
  std::string issue_name;       // set for a reference to an issue (log_issue; name: its id)
  std::string run_id;           // the run that made it, if any
};

// A trace's TraceInfo (mlflow.entities.TraceInfo), as SearchTracesV3 and GetTraceInfoV3 give it.
struct TraceInfo {
  std::string trace_id;            // "tr-<32 hex>"
  std::string experiment_id;       // trace_location.mlflow_experiment.experiment_id
  std::string state;               // "OK", "ERROR", "IN_PROGRESS" or "STATE_UNSPECIFIED"
  std::int64_t request_time_ms = 0;                    // start, in ms since the Unix epoch
  std::optional<std::int64_t> execution_duration_ms;   // unset while IN_PROGRESS
  std::string request_preview;     // empty when the server has none
  std::string response_preview;
  std::string client_request_id;
  std::map<std::string, std::string> tags;            // e.g. "mlflow.traceName"
  std::map<std::string, std::string> trace_metadata;  // e.g. "mlflow.trace.session"
  std::vector<Assessment> assessments;                // feedback and expectations, if any
  // All of it as JSON text in the shape of Python's TraceInfo.to_dict() (the "info" of MLflow's
  // Trace JSON), with the fields above and any others the server sent (assessments, ...).
  std::string json;
};

// A whole trace: its info, and MLflow's Trace JSON, the shape of Trace.to_json() and of a line
// of the local trace store: {"info": TraceInfo.to_dict(), "data": {"spans": [Span.to_dict(),
// ...]}}. Python reads it with mlflow.entities.Trace.from_json; C++ with any JSON parser.
struct Trace {
  TraceInfo info;
  std::string json;

  // One span, read-only (Python's mlflow.entities.Span): ids in hex as Python gives them, the
  // values as JSON text (parse them with any JSON library).
  struct Span {
    std::string trace_id;   // "tr-<32 hex>"
    std::string span_id;    // 16 hex digits
    std::string parent_id;  // 16 hex digits; empty for the root
    std::string name;
    std::string span_type;  // "TOOL", "CHAT_MODEL", ... (mlflow.spanType)
    std::int64_t start_time_ns = 0;
    std::int64_t end_time_ns = 0;
    std::string status;          // "OK", "ERROR" or "UNSET"
    std::string status_message;
    std::string inputs_json;     // mlflow.spanInputs; empty when none was recorded
    std::string outputs_json;    // mlflow.spanOutputs; empty when none was recorded
    std::map<std::string, std::string> attributes;  // every attribute, each as JSON text
    struct Event {
      std::string name;
      std::int64_t time_ns = 0;
      std::string attributes_json;  // a JSON object
    };
    std::vector<Event> events;
    struct Link {
      std::string trace_id;  // "tr-<32 hex>"
      std::string span_id;
      std::string attributes_json;  // a JSON object, or "null"
    };
    std::vector<Link> links;
  };
  std::vector<Span> spans;  // in the order of `json`
};

// Reads MLflow's Trace JSON (a line of the local trace store, `mlflow-cpp show --json`,
// Trace.to_json() in Python) as Python's Trace.from_json does. Throws ClientError
// (INVALID_PARAMETER_VALUE) when the text is not a trace.
MLFLOW_API Trace parse_trace_json(const std::string& json);

// SearchTracesV3's parameters (MlflowClient.search_traces).
struct SearchTracesOptions {
  // The experiments to search. Empty: the client's experiment (ClientOptions).
  std::vector<std::string> experiment_ids;
  // MLflow's filter syntax, e.g. "trace.status = 'OK'", "tags.env = 'dev'",
  // "trace.timestamp_ms > 1700000000000", joined with AND. Empty: every trace.
  std::string filter_string;
  // e.g. {"timestamp_ms DESC"}. Empty: the server's order, newest first.
  std::vector<std::string> order_by;
  // Traces per page, 1 to 500 (the server's limit).
  int max_results = 100;
  // SearchTracesResult::next_page_token of the previous page; empty for the first page.
  std::string page_token;
};

// The traces of one session (metadata mlflow.trace.session, mlflow::TraceUpdate::session_id),
// oldest first: a multi-turn conversation (Python's mlflow.entities.Session).
struct Session {
  std::string session_id;
  std::vector<TraceInfo> traces;
};

struct SearchTracesResult {
  std::vector<TraceInfo> traces;
  std::string next_page_token;  // empty on the last page
};

// Where an assessment comes from (mlflow.entities.AssessmentSource).
struct AssessmentSource {
  std::string source_type = "CODE";  // "HUMAN", "LLM_JUDGE" or "CODE"
  std::string source_id = "default";
};

// What log_feedback / log_expectation record (Python's mlflow.log_feedback / log_expectation).
struct AssessmentInput {
  std::string name = "feedback";
  std::string value_json = "null";  // the value as JSON text: "true", "0.9", "\"good\"", "{...}"
  std::string rationale;             // feedback only
  AssessmentSource source;
  std::map<std::string, std::string> metadata;
  std::string span_id;  // a span of the trace (16 hex digits), or empty for the whole trace
};

// An issue found in an experiment's traces (mlflow.entities.Issue): what log_issue refers to.
struct Issue {
  std::string issue_id;
  std::string experiment_id;
  std::string name;
  std::string description;
  std::string status;    // "pending", "rejected" or "resolved"
  std::string severity;  // empty when none was given
};

// What log_issue records (Python's mlflow.log_issue): a reference from a trace to an issue.
struct IssueReferenceInput {
  std::string issue_id;
  // Empty: the issue's own name, looked up; otherwise it must be that name (Python checks too).
  std::string issue_name;
  AssessmentSource source{"LLM_JUDGE", "default"};  // Python's default source for issues
  std::string run_id;     // the run that found the issue, if any
  std::string rationale;
  std::map<std::string, std::string> metadata;
  std::string span_id;    // a span of the trace, or empty for the whole trace
};

// What went wrong with a call. what() is a full sentence for a person; the parts are for code.
class MLFLOW_API ClientError : public std::runtime_error {
 public:
  ClientError(const std::string& what, long http_status, std::string error_code,
              std::string message);
  ~ClientError() override;

  // The server's HTTP status; 0 when there was no answer (connection refused, DNS, TLS,
  // timeout) or the call was refused before sending (a bad argument).
  long http_status() const noexcept { return http_status_; }
  // MLflow's error code: "INVALID_PARAMETER_VALUE" (a bad filter, or an argument the client
  // refused), "RESOURCE_DOES_NOT_EXIST" (no such trace or experiment), ...; empty when the
  // answer carried none.
  const std::string& error_code() const noexcept { return error_code_; }
  // MLflow's message alone (or the transport error), without the context what() adds.
  const std::string& message() const noexcept { return message_; }

 private:
  long http_status_;
  std::string error_code_;
  std::string message_;
};

struct ClientOptions {
  // The tracking server, http(s)://host[:port][/prefix]. Empty: MLFLOW_TRACKING_URI. (The
  // client is a library of its own, apart from tracing: a program that set the server in code
  // with mlflow::set_tracking_uri passes mlflow::get_tracking_uri() here.)
  std::string tracking_uri;
  // The experiment searched when SearchTracesOptions::experiment_ids is empty. When either is
  // set here, MLFLOW_EXPERIMENT_ID and MLFLOW_EXPERIMENT_NAME are not read. The name is looked
  // up (never created: a query writes nothing); the id is used as given. Neither: "0", the
  // Default experiment.
  std::string experiment_id;
  std::string experiment_name;
  // The longest one call may take, retries included (failed connections after the first
  // answer, 429 and 5xx are retried with backoff). 0: MLFLOW_HTTP_REQUEST_TIMEOUT (default
  // 120 s). A server that does not answer at all on the client's first call fails it at once.
  std::chrono::milliseconds timeout{0};
};

// A client of one MLflow tracking server. Authentication and TLS come from the environment, as
// in the traced program: MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN,
// MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH, _CLIENT_CERT_PATH.
// Calls block the calling thread; one Client may be shared by threads (calls take turns).
class MLFLOW_API Client {
 public:
  // Everything from the environment. Throws ClientError when MLFLOW_TRACKING_URI is not set or
  // not an http(s) URL.
  Client();
  // This server; the rest from the environment.
  explicit Client(const std::string& tracking_uri);
  explicit Client(const ClientOptions& options);
  ~Client();
  // A moved-from Client may only be destroyed or assigned to.
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // The server, without a trailing '/'.
  const std::string& tracking_uri() const noexcept;

  // The experiment searched by default (ClientOptions), looked up once.
  std::string experiment_id();

  // One page of TraceInfos (SearchTracesV3), in `options.order_by` order.
  SearchTracesResult search_traces(const SearchTracesOptions& options = {});

  // GetTraceInfoV3. Throws ClientError with RESOURCE_DOES_NOT_EXIST when there is no such
  // trace. The "tr-" prefix may be left out.
  TraceInfo get_trace_info(const std::string& trace_id);

  // The trace with its spans, as the MLflow UI loads them (mlflow.get_trace).
  Trace get_trace(const std::string& trace_id);
  // The same for a trace already found by search_traces: only the spans are fetched.
  Trace get_trace(const TraceInfo& info);

  // Every page of search_traces (from options.page_token on), up to `max_traces` traces (0:
  // all), as Python's mlflow.search_traces gathers them.
  std::vector<TraceInfo> search_all_traces(SearchTracesOptions options = {},
                                           std::size_t max_traces = 0);

  // The sessions of the traces `options` selects, newest session first, up to `max_sessions`,
  // each with all its traces (Python's mlflow.search_sessions; include_spans: get_trace each).
  std::vector<Session> search_sessions(SearchTracesOptions options = {},
                                       std::size_t max_sessions = 100);

  // A tag on a trace already logged (Python's mlflow.set_trace_tag / delete_trace_tag; for the
  // trace being recorded, mlflow::update_current_trace).
  void set_trace_tag(const std::string& trace_id, const std::string& key, const std::string& value);
  void delete_trace_tag(const std::string& trace_id, const std::string& key);

  // Assessments of a trace (Python's mlflow.log_feedback / mlflow.log_expectation). Return the
  // new assessment's id.
  std::string log_feedback(const std::string& trace_id, const AssessmentInput& feedback);
  std::string log_expectation(const std::string& trace_id, const AssessmentInput& expectation);
  // A new feedback in place of `assessment_id`, which the server then marks invalid (Python's
  // mlflow.override_feedback); returns the new one's id.
  std::string override_feedback(const std::string& trace_id, const std::string& assessment_id,
                                const AssessmentInput& feedback);
  // One assessment (mlflow.get_assessment), and its removal (mlflow.delete_assessment).
  Assessment get_assessment(const std::string& trace_id, const std::string& assessment_id);
  void delete_assessment(const std::string& trace_id, const std::string& assessment_id);
  // Changes an assessment in place (Python's mlflow.update_assessment): its name and value
  // become `assessment`'s, and its rationale and metadata too when those are not empty. A
  // feedback stays a feedback, an expectation an expectation. Returns it as the server has it.
  Assessment update_assessment(const std::string& trace_id, const std::string& assessment_id,
                               const AssessmentInput& assessment);

  // A reference from a trace to an issue (Python's mlflow.log_issue), read back as an
  // Assessment named by the issue's id whose issue_name is set. Returns its id.
  std::string log_issue(const std::string& trace_id, const IssueReferenceInput& issue);
  // Issues of an experiment: MLflow's CreateIssue and GetIssue (what Python's log_issue looks
  // up; issues are usually found by MLflow's issue detection).
  Issue create_issue(const std::string& experiment_id, const std::string& name,
                     const std::string& description);
  Issue get_issue(const std::string& issue_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

MLFLOW_END_NAMESPACE

#endif  // MLFLOW_CLIENT_H
