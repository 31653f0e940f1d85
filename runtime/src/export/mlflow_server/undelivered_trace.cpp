// undelivered_trace.cpp: see undelivered_trace.h.
#include "export/mlflow_server/undelivered_trace.h"

#include "format/trace_dict.h"
#include "format/trace_info.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::string undelivered_trace_line(const CompletedTrace& trace, const DeliveryIntent& intent) {
  nlohmann::json dict = trace_to_dict(trace);
  if (!intent.experiment_id.empty())
    dict["info"]["trace_location"]["mlflow_experiment"]["experiment_id"] = intent.experiment_id;
  dict[kDeliveryKey] = {{"tracking_uri", intent.tracking_uri},
                        {"experiment_id", intent.experiment_id},
                        {"experiment_name", intent.experiment_name},
                        {"spans_delivered", intent.spans_delivered},
                        {"reason", intent.reason}};
  return dict.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<DeliveryIntent> delivery_intent_of(const nlohmann::json& stored_trace) {
  if (!stored_trace.is_object()) return std::nullopt;
  auto it = stored_trace.find(kDeliveryKey);
  if (it == stored_trace.end() || !it->is_object()) return std::nullopt;
  try {
    DeliveryIntent intent;
    intent.tracking_uri = it->value("tracking_uri", "");
    intent.experiment_id = it->value("experiment_id", "");
    intent.experiment_name = it->value("experiment_name", "");
    intent.spans_delivered = it->value("spans_delivered", false);
    intent.reason = it->value("reason", "");
    return intent;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace detail
MLFLOW_END_NAMESPACE
