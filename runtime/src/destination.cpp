// destination.cpp: where traces go, set from code (mlflow/tracing.h: set_tracking_uri,
// set_experiment, set_experiment_id, tracing::set_destination). Each is an edit of the
// configuration that the environment made, handed to Runtime::reconfigure, which applies it
// before the runtime starts or switches the exporter after (export/destination_switch.h).
#include <mlflow/tracing.h>

#include <string>

#include "runtime.h"
#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace {

using detail::is_http_url;
using detail::without_trailing_slashes;

// Traces go to MLflow (the tracking server, or the local store when it is empty), not to a
// collector.
void to_mlflow(detail::Config& config, std::string uri) {
  config.tracking.uri = std::move(uri);
  config.otlp.traces_endpoint.clear();
}

}  // namespace

bool set_tracking_uri(std::string_view uri) noexcept {
  try {
    if (!uri.empty() && !is_http_url(uri)) {
      detail::warn("set_tracking_uri(\"" + std::string(uri) +
                   "\"): not an http(s) URL; mlflow-cpp exports only to tracking servers over "
                   "HTTP (or, with an empty URI, to the local trace store). Nothing changed.");
      return false;
    }
    // Only the tracking server: a collector named by OTEL_EXPORTER_OTLP_ENDPOINT still gets the
    // traces instead, as in Python (set_destination chooses between them).
    detail::Runtime::reconfigure([uri = without_trailing_slashes(uri)](detail::Config& config) {
      config.tracking.uri = uri;
    });
    return true;
  } catch (...) {
    return false;
  }
}

std::string get_tracking_uri() { return detail::Runtime::get().config().tracking.uri; }

void set_experiment(std::string_view experiment_name) noexcept {
  try {
    detail::Runtime::reconfigure([name = std::string(experiment_name)](detail::Config& config) {
      config.tracking.experiment_name = name;  // resolved by the tracking server's exporter
      config.tracking.experiment_id.clear();
      config.experiment_id = "0";  // the local store does not know names
    });
  } catch (...) {
  }
}

void set_experiment_id(std::string_view experiment_id) noexcept {
  try {
    detail::Runtime::reconfigure([id = std::string(experiment_id)](detail::Config& config) {
      config.tracking.experiment_name.clear();
      config.tracking.experiment_id = id;
      config.experiment_id = id;
    });
  } catch (...) {
  }
}

namespace tracing {

bool set_destination(const Destination& destination) noexcept {
  try {
    switch (destination.kind) {
      case Destination::Kind::kMlflowExperiment:
        if (!destination.location.empty() && !is_http_url(destination.location)) break;
        if (destination.experiment_id.empty()) break;
        detail::Runtime::reconfigure(
            [id = destination.experiment_id,
             uri = without_trailing_slashes(destination.location)](detail::Config& config) {
              to_mlflow(config, uri.empty() ? config.tracking.uri : uri);
              config.tracking.experiment_name.clear();
              config.tracking.experiment_id = id;
              config.experiment_id = id;
            });
        return true;
      case Destination::Kind::kLocalStore:
        if (destination.location.empty()) break;
        detail::Runtime::reconfigure([dir = destination.location](detail::Config& config) {
          to_mlflow(config, std::string());
          config.trace_dir = dir;
        });
        return true;
      case Destination::Kind::kOtlpCollector:
        if (!is_http_url(destination.location)) break;
        detail::Runtime::reconfigure([endpoint = destination.location](detail::Config& config) {
          config.otlp.traces_endpoint = endpoint;
          config.otlp.dual_export = false;
        });
        return true;
    }
    detail::warn("set_destination: not a destination mlflow-cpp can write to (an MLflow "
                 "experiment needs an id and an http(s) tracking URI or none, the local store a "
                 "directory, a collector an http(s) URL); nothing changed");
    return false;
  } catch (...) {
    return false;
  }
}

}  // namespace tracing
MLFLOW_END_NAMESPACE
