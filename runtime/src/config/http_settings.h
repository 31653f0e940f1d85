// http_settings.h: the HTTP settings config.h reads and net/ uses: TLS, extra headers, and the
// Basic authorization value.
//
// In config/ rather than net/: config.h holds them (TrackingServerSettings::tls,
// OtlpSettings::headers), and net/ sits above config/ (TrackingClient takes the settings), so
// config.h must not include net/http_client.h.
#ifndef MLFLOW_RUNTIME_HTTP_SETTINGS_H
#define MLFLOW_RUNTIME_HTTP_SETTINGS_H

#include <mlflow/version.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/base64.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// TLS settings, named after MLflow's variables (config.h reads them).
struct TlsSettings {
  bool verify = true;             // false: MLFLOW_TRACKING_INSECURE_TLS=true
  std::string ca_bundle_path;     // MLFLOW_TRACKING_SERVER_CERT_PATH
  std::string client_cert_path;   // MLFLOW_TRACKING_CLIENT_CERT_PATH (PEM: cert + key)
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// "user:password" in base64, for an Authorization: Basic header.
inline std::string basic_auth(std::string_view user, std::string_view password) {
  std::string credentials(user);
  credentials += ':';
  credentials += password;
  return base64_encode(credentials);
}

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_HTTP_SETTINGS_H
