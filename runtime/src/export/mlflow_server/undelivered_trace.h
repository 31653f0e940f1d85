// undelivered_trace.h: a trace that was meant for a tracking server and could not be delivered
// (the server was down past the retry budget or the flush deadline, or it refused the trace),
// kept in the local trace store so that nothing is lost and `mlflow-cpp push` can deliver it
// later.
//
// It is stored like any local trace (trace_to_dict's shape, so `mlflow-cpp show` and MLflow's
// Trace.from_json read it), in LocalTraceStore::kUndeliveredFileName, with one more top-level
// key that MLflow's reader ignores:
//
//   "mlflow_cpp_delivery": {
//     "tracking_uri": "http://...",      the server it was meant for
//     "experiment_id": "3",              resolved id, or "" when only the name was known
//     "experiment_name": "my-app",       "" when configured by id
//     "spans_delivered": false,          true: its spans already got 200; never send them again
//     "reason": "..."                    why it is here, for the person reading the store
//   }
#ifndef MLFLOW_RUNTIME_UNDELIVERED_TRACE_H
#define MLFLOW_RUNTIME_UNDELIVERED_TRACE_H

#include <mlflow/version.h>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/completed_trace.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

inline constexpr const char* kDeliveryKey = "mlflow_cpp_delivery";

struct DeliveryIntent {
  std::string tracking_uri;
  std::string experiment_id;
  std::string experiment_name;
  bool spans_delivered = false;
  std::string reason;
};

// The store line (without '\n') for `trace`, whose info carries `experiment_id` when known.
std::string undelivered_trace_line(const CompletedTrace& trace, const DeliveryIntent& intent);

// The intent stored with a trace, or nothing when the trace has none (or a malformed one).
std::optional<DeliveryIntent> delivery_intent_of(const nlohmann::json& stored_trace);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_UNDELIVERED_TRACE_H
